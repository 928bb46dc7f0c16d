import re

from odoo import api, fields, models, tools

from ..domain import statistics, states
from .hcc_dossier import CHANNEL_SELECTION
from .hcc_national_status import STATE_SELECTION
from .tools import domain_call, server_now


def sql_values(values):
    """A SQL list literal of vocabulary names, for the view and the queries
    (names only: a stray quote would be a bug of the vocabulary)."""
    values = sorted(values)
    if not values or not all(re.match(r'^[a-z_]+$', v) for v in values):
        raise ValueError('not vocabulary names: %r' % (values,))
    return '(%s)' % ', '.join("'%s'" % v for v in values)


# Every state list of the SQL below, from the domain's vocabulary.
FINISHED = tuple(sorted(states.FINISHED_STATES))
# settled without a finish date (refused, withdrawn) and the actions that
# settle them: the log line of that action dates them
UNDATED = states.SETTLED_STATES - states.FINISHED_STATES
UNDATED_ACTIONS = [action for action, (_sources, target) in states.TRANSITIONS.items()
                   if target in UNDATED]
SQL_STATES = {
    'DRAFT': "'%s'" % states.DRAFT,
    'REFUSED': "'%s'" % states.REFUSED,
    'WITHDRAWN': "'%s'" % states.WITHDRAWN,
    'RETURNED': "'%s'" % states.RETURNED,
    'FINISHED': sql_values(states.FINISHED_STATES),
    'OPEN': sql_values(states.OPEN_STATES),
    'UNDATED': sql_values(UNDATED),
    'UNDATED_ACTIONS': sql_values(UNDATED_ACTIONS),
}

# When a dossier left the agency's hands: finished_at for the finished ones;
# withdrawn and refused dossiers carry no date of their own, their log line
# has it (the subquery runs only for those rows).
CLOSED_AT_SQL = """
    CASE WHEN d.state IN %(UNDATED)s
         THEN (SELECT max(l.date) FROM hcc_dossier_log l
                WHERE l.dossier_id = d.id AND l.action IN %(UNDATED_ACTIONS)s)
         ELSE d.finished_at END""" % SQL_STATES

GROUP_COLUMNS = {'agency_id': 'd.agency_id', 'sector_id': 'd.sector_id', 'centre_id': 'd.centre_id',
                 'procedure_id': 'd.procedure_id', 'level': 'd.level', 'channel': 'd.channel'}


class HccDossierStatistics(models.Model):
    """One row per dossier with 0/1 measures, so that pivot and graph views
    (read_group) add them up along any dimension. A plain view over
    hcc_dossier: no copy, always current, and PostgreSQL pushes the filters
    down to the dossier table's indexes."""
    _name = 'hcc.dossier.statistics'
    _description = 'Dossier statistics'
    _auto = False
    _rec_name = 'name'
    _order = 'received_at desc, id desc'

    name = fields.Char(string='Dossier code', readonly=True)
    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', readonly=True)
    received_at = fields.Datetime(string='Received on', readonly=True)
    finished_at = fields.Datetime(string='Finished on', readonly=True)
    closed_at = fields.Datetime(string='Settled on', readonly=True,
                                help='Finished, stopped, withdrawn or refused on.')
    due_at = fields.Datetime(string='Appointment', readonly=True)
    agency_id = fields.Many2one('hcc.agency', string='Agency', readonly=True)
    centre_id = fields.Many2one('hcc.centre', string='Receiving centre', readonly=True)
    sector_id = fields.Many2one('hcc.sector', string='Sector', readonly=True)
    procedure_id = fields.Many2one('hcc.procedure', string='Procedure', readonly=True)
    channel = fields.Selection(CHANNEL_SELECTION, readonly=True)
    level = fields.Selection([('province', 'Province'), ('district', 'District'),
                              ('commune', 'Commune')], readonly=True)
    current_department_id = fields.Many2one('hr.department', string='Current department',
                                            readonly=True)
    state = fields.Selection(STATE_SELECTION, string='Status', readonly=True)
    completion = fields.Selection([('early', 'Early'), ('on_time', 'On time'), ('late', 'Late')],
                                  readonly=True)

    received = fields.Integer(string='Received', readonly=True)
    finished = fields.Integer(string='Finished', readonly=True)
    finished_early = fields.Integer(string='Finished early', readonly=True)
    finished_on_time = fields.Integer(string='Finished on time', readonly=True)
    finished_late = fields.Integer(string='Finished late', readonly=True)
    in_progress = fields.Integer(string='In progress', readonly=True)
    in_progress_on_time = fields.Integer(string='In progress on time', readonly=True)
    in_progress_late = fields.Integer(string='In progress late', readonly=True)
    returned = fields.Integer(string='Result returned', readonly=True)
    refused = fields.Integer(string='Refused', readonly=True)
    withdrawn = fields.Integer(string='Withdrawn', readonly=True)

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # the dimensions the period and group filters use
        for column in ('received_at', 'finished_at', 'state', 'agency_id', 'sector_id',
                       'procedure_id'):
            cr.execute('CREATE INDEX IF NOT EXISTS hcc_dossier_%s_index ON hcc_dossier (%s)'
                       % (column, column))
        tools.drop_view_if_exists(cr, self._table)
        settled = "d.state IN %(FINISHED)s" % SQL_STATES
        running = "d.state IN %(OPEN)s" % SQL_STATES
        cr.execute("""
            CREATE VIEW hcc_dossier_statistics AS (
            SELECT d.id AS id, d.id AS dossier_id, d.name AS name,
                   d.received_at, d.finished_at, d.due_at, %(closed_at)s AS closed_at,
                   d.agency_id, d.sector_id, d.procedure_id, d.channel, d.level,
                   d.current_department_id, d.state, d.completion, d.centre_id,
                   (d.received_at IS NOT NULL)::int AS received,
                   (%(settled)s)::int AS finished,
                   (%(settled)s AND d.completion = 'early')::int AS finished_early,
                   (%(settled)s AND coalesce(d.completion, 'on_time') = 'on_time'
                    AND d.due_at IS NOT NULL)::int AS finished_on_time,
                   (%(settled)s AND d.completion = 'late')::int AS finished_late,
                   (%(running)s)::int AS in_progress,
                   (%(running)s AND d.deadline_status IS DISTINCT FROM 'late')::int
                       AS in_progress_on_time,
                   (%(running)s AND d.deadline_status = 'late')::int AS in_progress_late,
                   (d.state = %(RETURNED)s)::int AS returned,
                   (d.state = %(REFUSED)s)::int AS refused,
                   (d.state = %(WITHDRAWN)s)::int AS withdrawn
              FROM hcc_dossier d
             WHERE d.state != %(DRAFT)s)
        """ % dict(SQL_STATES, closed_at=CLOSED_AT_SQL, settled=settled, running=running))

    # ------------------------------------------------------------------ summary
    def _now(self):
        return server_now(self)

    @api.model
    def get_summary_rows(self, date_from, date_to, group_by=None, agency_id=None):
        """Raw counts of the period [date_from, date_to] (Vietnam calendar
        days), per value of `group_by` (a key of GROUP_COLUMNS) or as one row
        under the key None. One query over hcc_dossier."""
        self.check_access_rights('read')
        start, end = domain_call(self, statistics.period_bounds, date_from, date_to)
        start, end = fields.Datetime.to_string(start), fields.Datetime.to_string(end)
        now = self._now()
        # late in progress: the appointment had passed at the end of the
        # period (or now, for a period that is not over yet)
        late_ref = min(end, now)
        group_sql = GROUP_COLUMNS[group_by] if group_by else 'NULL'
        where, params = '', {}
        if agency_id:
            # with the agencies merged into it: a period may straddle a merger
            where = 'AND d.agency_id IN %(agency_ids)s'
            params['agency_ids'] = tuple(
                self.env['hcc.agency'].browse(agency_id)._hcc_lineage().ids)
        params.update(start=start, end=end, late_ref=late_ref, settled=FINISHED,
                      draft=states.DRAFT, refused=states.REFUSED, withdrawn=states.WITHDRAWN,
                      returned=states.RETURNED)
        query = """
            WITH d AS (
                SELECT d.agency_id, d.sector_id, d.procedure_id, d.level, d.channel, d.state,
                       d.centre_id,
                       d.received_at, d.finished_at, d.returned_at, d.due_at, d.completion,
                       %(closed_at)s AS closed_at
                  FROM hcc_dossier d
                 WHERE d.state != %%(draft)s
                   AND (d.received_at < %%(end)s OR d.state = %%(refused)s)
                   AND (d.state NOT IN %%(settled)s OR d.finished_at >= %%(start)s
                        OR d.state = %%(refused)s)
                   %(where)s)
            SELECT %(group)s AS grp,
                   count(*) FILTER (WHERE received_at < %%(start)s
                                    AND (closed_at IS NULL OR closed_at >= %%(start)s))
                       AS carried_over,
                   count(*) FILTER (WHERE received_at >= %%(start)s AND received_at < %%(end)s)
                       AS new,
                   count(*) FILTER (WHERE state IN %%(settled)s AND finished_at >= %%(start)s
                                    AND finished_at < %%(end)s AND completion = 'early')
                       AS finished_early,
                   count(*) FILTER (WHERE state IN %%(settled)s AND finished_at >= %%(start)s
                                    AND finished_at < %%(end)s AND due_at IS NOT NULL
                                    AND coalesce(completion, 'on_time') = 'on_time')
                       AS finished_on_time,
                   count(*) FILTER (WHERE state IN %%(settled)s AND finished_at >= %%(start)s
                                    AND finished_at < %%(end)s AND completion = 'late')
                       AS finished_late,
                   count(*) FILTER (WHERE received_at < %%(end)s
                                    AND (closed_at IS NULL OR closed_at >= %%(end)s))
                       AS in_progress,
                   count(*) FILTER (WHERE received_at < %%(end)s
                                    AND (closed_at IS NULL OR closed_at >= %%(end)s)
                                    AND due_at < %%(late_ref)s)
                       AS in_progress_late,
                   count(*) FILTER (WHERE state = %%(refused)s AND closed_at >= %%(start)s
                                    AND closed_at < %%(end)s) AS refused,
                   count(*) FILTER (WHERE state = %%(withdrawn)s AND closed_at >= %%(start)s
                                    AND closed_at < %%(end)s) AS withdrawn,
                   count(*) FILTER (WHERE state = %%(returned)s AND returned_at >= %%(start)s
                                    AND returned_at < %%(end)s) AS returned
              FROM d
             GROUP BY 1
        """ % {'closed_at': CLOSED_AT_SQL, 'where': where, 'group': group_sql}
        cr = self.env.cr
        # one scan over the table: compiling it (JIT) costs more than it saves
        cr.execute("SELECT current_setting('jit', true)")
        jit = cr.fetchone()[0]
        if jit:
            cr.execute("SET LOCAL jit = off")
        cr.execute(query, params)
        rows = cr.fetchall()
        if jit:
            cr.execute("SELECT set_config('jit', %s, true)", (jit,))
        keys = ('carried_over', 'new', 'finished_early', 'finished_on_time', 'finished_late',
                'in_progress', 'in_progress_late', 'refused', 'withdrawn', 'returned')
        # groups with nothing in the period (e.g. refused long ago) are left out
        return dict((row[0], dict(zip(keys, row[1:])))
                    for row in rows if any(row[1:]))

    @api.model
    def get_summary(self, date_from, date_to, agency_id=None):
        """Every figure of the period [date_from, date_to] (dates, Vietnam
        calendar days), for one agency or all: carried over, new, received,
        finished early / on time / late (within the period), in progress at
        the end of the period (on time / late), refused, withdrawn, returned,
        and on_time_rate in percent (None when nothing was finished)."""
        rows = self.get_summary_rows(date_from, date_to, agency_id=agency_id)
        return statistics.total(rows.values())
