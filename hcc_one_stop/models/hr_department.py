from odoo import _, api, fields, models

from ..domain import states

# Odoo's own departments (hr data and demo): no unit of a one-stop centre.
ODOO_DEPARTMENTS = ('hr.dep_administration', 'hr.dep_sales', 'hr.dep_management',
                    'hr.dep_rd', 'hr.dep_ps')


class HrDepartment(models.Model):
    """Departments are hr.department: units already have a manager, a
    hierarchy and employees there, and HR data of the province stays one."""
    _inherit = 'hr.department'

    hcc_agency_id = fields.Many2one('hcc.agency', string='Agency', index=True)
    hcc_user_ids = fields.Many2many(
        'res.users', 'hcc_department_user_rel', 'department_id', 'user_id',
        string='Officials', help='Officials working the dossiers of this department.')

    # managers' dashboard: the load of each department right now
    hcc_in_progress_count = fields.Integer(string='Dossiers in progress',
                                           compute='_compute_hcc_load')
    hcc_late_count = fields.Integer(string='Late dossiers', compute='_compute_hcc_load')
    hcc_due_soon_count = fields.Integer(string='Dossiers due soon', compute='_compute_hcc_load',
                                        help='Due within one working day.')

    def _hcc_load_domain(self, kind='in_progress'):
        # in the agency's hands (open or paused): the domain's OPEN_STATES;
        # by queue, so a dossier at an outside agency counts for the
        # department that sent it there
        domain = [('queue_department_id', 'in', self.ids),
                  ('state_group', 'in', [states.GROUP_OPEN, states.GROUP_PAUSED])]
        if kind in ('late', 'due_soon'):
            domain.append(('deadline_status', '=', kind))
        return domain

    def _compute_hcc_load(self):
        Dossier = self.env['hcc.dossier']
        counts = dict((kind, {}) for kind in ('in_progress', 'late', 'due_soon'))
        if self.ids and Dossier.check_access_rights('read', raise_exception=False):
            for kind in counts:
                for group in Dossier.read_group(self._hcc_load_domain(kind),
                                                ['queue_department_id'],
                                                ['queue_department_id']):
                    dept = group['queue_department_id']
                    if dept:
                        counts[kind][dept[0]] = group['queue_department_id_count']
        for dept in self:
            dept.hcc_in_progress_count = counts['in_progress'].get(dept.id, 0)
            dept.hcc_late_count = counts['late'].get(dept.id, 0)
            dept.hcc_due_soon_count = counts['due_soon'].get(dept.id, 0)

    def action_hcc_open_dossiers(self):
        """The dossiers behind one figure of the dashboard card."""
        self.ensure_one()
        kind = self.env.context.get('hcc_load', 'in_progress')
        titles = {'in_progress': _('In progress: %s'), 'late': _('Late: %s'),
                  'due_soon': _('Due soon: %s')}
        return {
            'type': 'ir.actions.act_window',
            'name': titles.get(kind, titles['in_progress']) % self.name,
            'res_model': 'hcc.dossier',
            'view_mode': 'kanban,tree,form',
            'views': [(False, 'kanban'), (False, 'tree'), (False, 'form')],
            'domain': self._hcc_load_domain(kind),
        }

    @api.model
    def hcc_dashboard_domain(self):
        """The departments the user acts on: all the centre's working units
        for supervisors and managers, his own departments for the others."""
        domain = [('hcc_agency_id', '!=', False), ('hcc_agency_id.is_external', '=', False),
                  ('hcc_user_ids', '!=', False)]
        user = self.env.user
        if not (user.has_group('hcc_one_stop.group_hcc_supervisor')
                or user.has_group('hcc_one_stop.group_hcc_manager')):
            domain.append(('id', 'in', user.hcc_department_ids.ids))
        return domain

    @api.model
    def action_hcc_dashboard(self):
        action = self.env.ref('hcc_one_stop.hr_department_action_hcc_dashboard').read()[0]
        action['domain'] = self.hcc_dashboard_domain()
        return action

    @api.model
    def hcc_archive_odoo_departments(self):
        """Demo data: archive Odoo's own departments (Sales, Research &
        Development...), which are no unit of the centre."""
        for xml_id in ODOO_DEPARTMENTS:
            dept = self.env.ref(xml_id, raise_if_not_found=False)
            if dept and dept.active:
                dept.active = False
        return True
