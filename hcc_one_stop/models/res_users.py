from odoo import api, fields, models

# Where each role lands after login (the first group the user has wins):
# the counter, the department's queue or the managers' dashboard.
LANDING_ACTIONS = (
    ('hcc_one_stop.group_hcc_manager', 'hcc_one_stop.hr_department_action_hcc_dashboard_server'),
    ('hcc_one_stop.group_hcc_supervisor',
     'hcc_one_stop.hr_department_action_hcc_dashboard_server'),
    ('hcc_one_stop.group_hcc_receiving', 'hcc_one_stop.hcc_dossier_action_reception'),
    ('hcc_one_stop.group_hcc_officer', 'hcc_one_stop.hcc_dossier_action_my_queue'),
)


class ResUsers(models.Model):
    _inherit = 'res.users'

    hcc_agency_id = fields.Many2one('hcc.agency', string='Agency')
    hcc_department_ids = fields.Many2many(
        'hr.department', 'hcc_department_user_rel', 'user_id', 'department_id',
        string='Departments (one-stop)')
    hcc_counter_id = fields.Many2one('hcc.counter', string='Counter',
                                     help='The counter this officer receives at: new dossiers '
                                          'take it.')

    def _hcc_landing_action(self):
        self.ensure_one()
        for group, action in LANDING_ACTIONS:
            if self.has_group(group):
                return self.env.ref(action, raise_if_not_found=False)
        return None

    @api.model
    def hcc_set_landing_actions(self):
        """Officials without a home action land where they work (the
        counter, their queue, the dashboard) instead of Discuss."""
        users = self.sudo().search([('share', '=', False), ('action_id', '=', False)])
        for user in users:
            action = user._hcc_landing_action()
            if action:
                user.action_id = action.id
        return True

    @api.model
    def hcc_set_time_formats(self):
        """Times without seconds everywhere a user looks (lists, forms,
        date pickers): the installed languages show HH:MM."""
        self.env['res.lang'].sudo().search([('time_format', '=', '%H:%M:%S')]).write(
            {'time_format': '%H:%M'})
        return True

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
        self.hcc_set_landing_actions()
        self.hcc_set_time_formats()
        return True
