from odoo import models


class HccJob(models.Model):
    _inherit = 'hcc.job'

    def _record_outcome(self, error, result=None, backoff=None):
        """After the core recorded an SMS job's attempt, the message records
        it too: the attempt ran in a savepoint that a failure rolled back."""
        outcome = super(HccJob, self)._record_outcome(error, result, backoff)
        if self.model_name == 'hcc.sms.message' and self.res_id and outcome:
            message = self.env['hcc.sms.message'].sudo().browse(self.res_id).exists()
            if message:
                message._sms_after_attempt(self, outcome, error)
        return outcome
