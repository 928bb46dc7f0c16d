from datetime import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..domain import legal, states, statistics, timeutil
from ..models.tools import domain_call, local, server_now


def _today_local():
    return timeutil.to_local(datetime.utcnow()).date()


class HccExplanationReportWizard(models.TransientModel):
    """The explanation report to the Chairman of the Provincial People's
    Committee: an agency's late dossiers of a period, their delay, the
    apology letters and the reasons (PDF and XLSX). The agency's
    predecessors count too: a period may straddle a merger."""
    _name = 'hcc.explanation.report.wizard'
    _description = 'Explanation report on late dossiers'

    agency_id = fields.Many2one('hcc.agency', string='Agency', required=True,
                                domain=[('is_external', '=', False)])
    date_from = fields.Date(string='From', required=True,
                            default=lambda self: fields.Date.to_string(
                                _today_local().replace(day=1)))
    date_to = fields.Date(string='To', required=True,
                          default=lambda self: fields.Date.to_string(_today_local()))

    def _explanation_data(self):
        """Everything the report prints, computed once for PDF and XLSX."""
        self.ensure_one()
        start, end = domain_call(self, statistics.period_bounds, self.date_from, self.date_to)
        start, end = fields.Datetime.to_string(start), fields.Datetime.to_string(end)
        now = server_now(self)
        late_ref = min(end, now)
        agencies = self.agency_id._hcc_lineage()
        Dossier = self.env['hcc.dossier']
        finished_late = Dossier.search([
            ('agency_id', 'in', agencies.ids), ('state', 'in', sorted(states.FINISHED_STATES)),
            ('completion', '=', 'late'), ('finished_at', '>=', start), ('finished_at', '<', end)])
        open_late = Dossier.search([
            ('agency_id', 'in', agencies.ids), ('state', 'in', sorted(states.OPEN_STATES)),
            ('received_at', '<', end), ('due_at', '<', late_ref)])
        cal = self.env['hcc.holiday'].get_working_calendar()
        rows = []
        for d in (finished_late | open_late).sorted(lambda r: (r.received_at or '', r.id)):
            until = d.finished_at if d in finished_late else late_ref
            hours = cal.working_hours_between(local(d.due_at), local(until))
            late_steps = d.sudo().log_ids.filtered(lambda l: l.step_due_at and not l.on_time)
            rows.append({
                'code': d.name or '', 'procedure': d.procedure_id.name,
                'agency': d.agency_id.name, 'applicant': d.applicant_name,
                'received_at': d._form_dt(d.received_at),
                'first_due': d._form_dt(d.original_due_at or d.due_at),
                'new_due': d._form_dt(d.due_at) if d.apology_date else '',
                'finished_at': d._form_dt(d.finished_at) if d in finished_late else '',
                'status': d._form_state_label(),
                'delay_days': legal.delay_days(hours, cal.hours_per_day),
                'apology_date': d._form_dt(d.apology_date),
                'apology_reason': d.apology_reason or '',
                'late_steps': ', '.join(sorted(set(
                    ' - '.join(p for p in (l.department_id.name, l.step_name) if p)
                    for l in late_steps))),
            })
        return {
            'agency': self.agency_id.name,
            'predecessors': (agencies - self.agency_id).mapped('name'),
            'date_from': fields.Date.from_string(self.date_from).strftime('%d/%m/%Y'),
            'date_to': fields.Date.from_string(self.date_to).strftime('%d/%m/%Y'),
            'rows': rows,
            'count': len(rows),
            'with_apology': len([r for r in rows if r['apology_date']]),
            'finished': len(finished_late), 'open': len(open_late),
        }

    def _check_period(self):
        if self.date_to < self.date_from:
            raise UserError(_('The end of the period must not be before its start.'))

    def action_print_pdf(self):
        self.ensure_one()
        self._check_period()
        return self.env.ref('hcc_one_stop.action_report_hcc_explanation').report_action(
            self, config=False)

    def action_export_xlsx(self):
        self.ensure_one()
        self._check_period()
        return self.env.ref('hcc_one_stop.hcc_explanation_xlsx_report').report_action(
            self, config=False)
