from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = 'res.users'

    hcc_agency_id = fields.Many2one('hcc.agency', string='Agency')
    hcc_department_ids = fields.Many2many(
        'hr.department', 'hcc_department_user_rel', 'user_id', 'department_id',
        string='Departments (one-stop)')
    hcc_counter_id = fields.Many2one('hcc.counter', string='Counter')

    @api.model
    def hcc_demo_localise(self):
        """Demo data: admin and the demo officials read Vietnamese, in Vietnam
        time, when the language is installed (make run installs it)."""
        vals = {'tz': 'Asia/Ho_Chi_Minh'}
        if self.env['res.lang'].search([('code', '=', 'vi_VN')]):
            vals['lang'] = 'vi_VN'
        users = self.env.ref('base.user_root')
        users |= self.search([('hcc_agency_id', '!=', False)])
        citizen = self.env.ref('hcc_one_stop.user_citizen', raise_if_not_found=False)
        users |= citizen or self.browse()
        users.write(vals)
        vi = self.env['res.lang'].search([('code', '=', 'vi_VN')])
        website = self.env['website'].search([], limit=1)
        if vi and website:
            website.write({'language_ids': [(4, vi.id)], 'default_lang_id': vi.id})
        return True
