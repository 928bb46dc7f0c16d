from odoo import models

from .hcc_portal_exchange import pop_buffer, push_buffer


class HccJob(models.Model):
    """A job's portal calls and the sync state they lead to are written
    after the job's savepoint: an attempt that failed is rolled back, what
    it exchanged with the portal must not be."""
    _inherit = 'hcc.job'

    def _run_locked(self, backoff):
        buffer = push_buffer()
        try:
            res = super(HccJob, self)._run_locked(backoff)
        finally:
            pop_buffer()
        if buffer.exchanges:
            self.env['hcc.portal.exchange'].sudo()._write_rows(buffer.exchanges, job_id=self.id)
        for after in buffer.after:
            after(self)
        return res
