from odoo import fields, models

from ..domain import states


class HccDossierLog(models.Model):
    """One line of the processing log: a hand-over from one holder to the
    next. Together the lines are the processing control slip (form 05)."""
    _name = 'hcc.dossier.log'
    _description = 'Dossier processing log'
    _order = 'dossier_id, date, id'

    # auto_join: the record rules' dossier_id.* paths become a JOIN instead of
    # an IN over every dossier the user may see (30 ms a query at scale)
    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade', index=True,
                                 auto_join=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    action = fields.Selection(states.ACTION_SELECTION, required=True)
    user_id = fields.Many2one('res.users', string='By', index=True)
    from_state = fields.Selection(states.STATE_SELECTION)
    to_state = fields.Selection(states.STATE_SELECTION)
    step_id = fields.Many2one('hcc.procedure.step', string='Step handed over', ondelete='set null')
    step_name = fields.Char(string='From step')
    department_id = fields.Many2one('hr.department', string='From department')
    to_step_name = fields.Char(string='To step')
    to_department_id = fields.Many2one('hr.department', string='To department')
    step_due_at = fields.Datetime(string='Step due')
    on_time = fields.Boolean(string='On time',
                             help='Handed over no later than the step was due.')
    note = fields.Text()
