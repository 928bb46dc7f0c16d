from datetime import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..domain import timeutil


def _today_local():
    return timeutil.to_local(datetime.utcnow()).date()


class HccStatisticsReportWizard(models.TransientModel):
    """Choose the period and the grouping of the statistics report."""
    _name = 'hcc.statistics.report.wizard'
    _description = 'Statistics report'

    date_from = fields.Date(string='From', required=True,
                            default=lambda self: fields.Date.to_string(
                                _today_local().replace(day=1)))
    date_to = fields.Date(string='To', required=True,
                          default=lambda self: fields.Date.to_string(_today_local()))
    group_by = fields.Selection([('agency', 'Agency'), ('sector', 'Sector')],
                                string='One row per', required=True, default='agency')
    agency_id = fields.Many2one('hcc.agency', string='Agency',
                                domain=[('is_external', '=', False)],
                                help='Leave empty for every agency.')

    def _report_data(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(_('The end of the period must not be before its start.'))
        return {'date_from': self.date_from, 'date_to': self.date_to,
                'group_by': self.group_by, 'agency_id': self.agency_id.id or False}

    def action_export_xlsx(self):
        data = self._report_data()
        return self.env.ref('hcc_one_stop.hcc_statistics_xlsx_report').report_action(
            self, data=data, config=False)
