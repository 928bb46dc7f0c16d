from odoo import fields, models


class HrDepartment(models.Model):
    """Departments are hr.department: units already have a manager, a
    hierarchy and employees there, and HR data of the province stays one."""
    _inherit = 'hr.department'

    hcc_agency_id = fields.Many2one('hcc.agency', string='Agency', index=True)
    hcc_user_ids = fields.Many2many(
        'res.users', 'hcc_department_user_rel', 'department_id', 'user_id',
        string='Officials', help='Officials working the dossiers of this department.')
