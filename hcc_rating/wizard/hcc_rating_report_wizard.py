from datetime import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.hcc_one_stop.domain import timeutil


def _today_local():
    return timeutil.to_local(datetime.utcnow()).date()


class HccRatingReportWizard(models.TransientModel):
    """Choose the period of the satisfaction report (XLSX)."""
    _name = 'hcc.rating.report.wizard'
    _description = 'Satisfaction report'

    date_from = fields.Date(string='From', required=True,
                            default=lambda self: fields.Date.to_string(
                                _today_local().replace(month=1, day=1)))
    date_to = fields.Date(string='To', required=True,
                          default=lambda self: fields.Date.to_string(_today_local()))
    agency_id = fields.Many2one('hcc.agency', string='Agency',
                                domain=[('is_external', '=', False)],
                                help='Leave empty for every agency.')

    def _report_data(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(_('The end of the period must not be before its start.'))
        return {'date_from': self.date_from, 'date_to': self.date_to,
                'agency_id': self.agency_id.id or False}

    def action_export_xlsx(self):
        return self.env.ref('hcc_rating.hcc_rating_xlsx_report').report_action(
            self, data=self._report_data(), config=False)
