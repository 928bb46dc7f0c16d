from datetime import datetime

from odoo.tests.common import TransactionCase

from ..domain import timeutil
from ..models.tools import at_time


def utc(*local_parts):
    """Vietnam local time -> Odoo UTC string."""
    return timeutil.to_utc(datetime(*local_parts)).strftime('%Y-%m-%d %H:%M:%S')


class HccCase(TransactionCase):
    """A small centre: one agency, a reception and a processing department
    with their officials, the police as outside agency, a three-step
    procedure of 3 working days, and the real 2026 Tết break."""

    def setUp(self):
        super(HccCase, self).setUp()
        env = self.env
        env['hcc.holiday'].search([]).unlink()
        for day in range(16, 21):  # Mon 16 - Fri 20 Feb 2026; 14-15, 21-22 are weekends
            env['hcc.holiday'].create({'name': 'Tết', 'date': '2026-02-%02d' % day})
        env['ir.config_parameter'].set_param('hcc_one_stop.office_hours', '07:30-11:30,13:30-17:00')
        self.agency = env['hcc.agency'].create({'name': 'Sở Thử nghiệm', 'code': '000.00.99.T01'})
        self.police = env['hcc.agency'].create({'name': 'Công an', 'code': '000.00.98.T01',
                                                'is_external': True})
        Users = env['res.users'].with_context(no_reset_password=True)
        g = lambda x: env.ref('hcc_one_stop.' + x).id
        self.receiver = Users.create({'name': 'Receiver', 'login': 't_receiver',
                                      'groups_id': [(6, 0, [g('group_hcc_receiving')])]})
        self.officer = Users.create({'name': 'Officer', 'login': 't_officer',
                                     'groups_id': [(6, 0, [g('group_hcc_officer')])]})
        self.head = Users.create({'name': 'Head', 'login': 't_head',
                                  'groups_id': [(6, 0, [g('group_hcc_head')])]})
        self.other_officer = Users.create({'name': 'Other', 'login': 't_other',
                                           'groups_id': [(6, 0, [g('group_hcc_officer')])]})
        self.portal_user = Users.create({'name': 'Citizen', 'login': 't_citizen',
                                         'groups_id': [(6, 0, [env.ref('base.group_portal').id])]})
        Dept = env['hr.department']
        self.reception = Dept.create({'name': 'Reception', 'hcc_agency_id': self.agency.id,
                                      'hcc_user_ids': [(6, 0, [self.receiver.id])]})
        self.dept = Dept.create({'name': 'Processing', 'hcc_agency_id': self.agency.id,
                                 'hcc_user_ids': [(6, 0, [self.officer.id, self.head.id])]})
        self.other_dept = Dept.create({'name': 'Elsewhere', 'hcc_agency_id': self.agency.id,
                                       'hcc_user_ids': [(6, 0, [self.other_officer.id])]})
        self.sector = env['hcc.sector'].create({'name': 'Thử nghiệm'})
        self.procedure = env['hcc.procedure'].create({
            'name': 'Thủ tục thử', 'national_code': '9.999999', 'sector_id': self.sector.id,
            'agency_id': self.agency.id, 'legal_amount': 3, 'legal_unit': 'day',
            'postal_return': True,
            'step_ids': [
                (0, 0, {'sequence': 1, 'name': 'Tiếp nhận', 'department_id': self.reception.id,
                        'role': 'receiving', 'budget_amount': 0.5, 'budget_unit': 'day'}),
                (0, 0, {'sequence': 2, 'name': 'Thẩm định', 'department_id': self.dept.id,
                        'budget_amount': 1.5, 'budget_unit': 'day'}),
                (0, 0, {'sequence': 3, 'name': 'Ký duyệt', 'department_id': self.dept.id,
                        'role': 'head', 'budget_amount': 4, 'budget_unit': 'hour'}),
            ],
            'document_ids': [(0, 0, {'name': 'Tờ khai', 'mandatory': True}),
                             (0, 0, {'name': 'Bản sao CCCD', 'mandatory': False, 'originals': 0,
                                     'copies': 1})],
            'fee_ids': [(0, 0, {'name': 'Lệ phí', 'amount': 50000})],
        })

    def at(self, *local_parts):
        """The dossier model with the clock set to a Vietnam local time (a
        server-side clock: RPC and HTTP cannot set it)."""
        return at_time(self.env['hcc.dossier'], utc(*local_parts))

    def new_dossier(self, **vals):
        values = {'procedure_id': self.procedure.id, 'applicant_name': 'Nguyễn Văn An',
                  'applicant_id_number': '015090001234', 'applicant_phone': '0912 345 678'}
        values.update(vals)
        dossier = self.env['hcc.dossier'].create(values)
        dossier.document_ids.write({'received': True})
        return dossier

    def received(self, *local_parts, **vals):
        dossier = self.new_dossier(**vals)
        self.at(*local_parts).browse(dossier.id).action_receive()
        return dossier
