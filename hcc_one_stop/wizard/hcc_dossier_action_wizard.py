from odoo import api, fields, models


class HccDossierActionWizard(models.TransientModel):
    """Asks for what a transition needs (reason, note, new date) and calls
    the dossier's business method: the rule stays in the model."""
    _name = 'hcc.dossier.action.wizard'
    _description = 'Dossier action'

    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade')
    action = fields.Selection([
        ('refuse', 'Refuse to receive'), ('request_supplement', 'Request a supplement'),
        ('send_back', 'Send back'), ('withdraw', 'Withdraw'), ('stop', 'Stop processing'),
        ('apologise', 'Apology and new appointment'), ('return_result', 'Return the result'),
        ('next_step', 'Hand over'), ('external_answered', 'Answer from the outside agency'),
    ], required=True)
    note = fields.Text(string='Reason / note')
    new_due = fields.Datetime(string='New appointment')
    return_method = fields.Selection([('counter', 'At the counter'), ('post', 'By post'),
                                      ('online', 'Online')], default='counter')

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        d = self.dossier_id
        calls = {
            'refuse': lambda: d.action_refuse(self.note),
            'request_supplement': lambda: d.action_request_supplement(self.note),
            'send_back': lambda: d.action_send_back(self.note),
            'withdraw': lambda: d.action_withdraw(self.note),
            'stop': lambda: d.action_stop(self.note),
            'apologise': lambda: d.action_apologise(self.note, self.new_due),
            'return_result': lambda: d.action_return_result(self.return_method, self.note),
            'next_step': lambda: d.action_next_step(self.note),
            'external_answered': lambda: d.action_external_answered(self.note),
        }
        calls[self.action]()
        return {'type': 'ir.actions.act_window_close'}
