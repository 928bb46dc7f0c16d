from datetime import timedelta

from odoo import api, fields, models, tools

from odoo.addons.hcc_one_stop.domain import states
from odoo.addons.hcc_one_stop.domain.timeutil import UTC_OFFSET

from ..domain import score
from .hcc_rating import CHANNELS, LEVELS

SUBJECTS = [('agency', 'Agency'), ('counter', 'Official at the counter'),
            ('processing', 'Processing official')]


class HccRatingStatistics(models.Model):
    """Satisfaction figures for the pivot and graph: one row per rating and
    subject rated (the agency; the official at the counter; each processing
    official), so per-official figures count every official rated and
    agency figures count each rating once (filter on "Rated").

    The *_pct columns are 100 or 0 per row with an average operator: grouped,
    they give the share of each level (the seed's 98.3% very satisfied)."""
    _name = 'hcc.rating.statistics'
    _description = 'Satisfaction statistics'
    _auto = False
    _rec_name = 'rating_id'
    _order = 'rated_at desc'

    rating_id = fields.Many2one('hcc.rating', string='Rating', readonly=True)
    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', readonly=True)
    subject = fields.Selection(SUBJECTS, string='Rated', readonly=True)
    agency_id = fields.Many2one('hcc.agency', string='Agency', readonly=True)
    department_id = fields.Many2one('hr.department', string='Department', readonly=True)
    user_id = fields.Many2one('res.users', string='Official', readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    level = fields.Selection(LEVELS, readonly=True)
    rated_at = fields.Datetime(string='Rated At', readonly=True)
    rating_count = fields.Integer(string='Ratings', readonly=True)
    very_satisfied_pct = fields.Float(string='Very satisfied (%)', readonly=True,
                                      group_operator='avg')
    satisfied_pct = fields.Float(string='Satisfied (%)', readonly=True, group_operator='avg')
    unsatisfied_pct = fields.Float(string='Not satisfied (%)', readonly=True,
                                   group_operator='avg')
    satisfied_or_better_pct = fields.Float(string='Satisfied or better (%)', readonly=True,
                                           group_operator='avg')
    score = fields.Float(string='Average level (1-3)', readonly=True, group_operator='avg')

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW hcc_rating_statistics AS (
                WITH subjects AS (
                    SELECT r.id AS rating_id, 'agency' AS subject, NULL::int AS user_id,
                           r.department_id
                      FROM hcc_rating r
                    UNION ALL
                    SELECT r.id, 'counter', r.user_id,
                           (SELECT min(rel.department_id) FROM hcc_department_user_rel rel
                             WHERE rel.user_id = r.user_id)
                      FROM hcc_rating r WHERE r.user_id IS NOT NULL
                    UNION ALL
                    SELECT p.rating_id, 'processing', p.user_id,
                           (SELECT min(rel.department_id) FROM hcc_department_user_rel rel
                             WHERE rel.user_id = p.user_id)
                      FROM hcc_rating_processing_user_rel p
                )
                SELECT row_number() OVER (ORDER BY s.rating_id, s.subject, s.user_id) AS id,
                       s.rating_id, r.dossier_id, s.subject, r.agency_id, s.department_id,
                       s.user_id, r.channel, r.level, r.rated_at,
                       1 AS rating_count,
                       CASE WHEN r.level = '3' THEN 100.0 ELSE 0.0 END AS very_satisfied_pct,
                       CASE WHEN r.level = '2' THEN 100.0 ELSE 0.0 END AS satisfied_pct,
                       CASE WHEN r.level = '1' THEN 100.0 ELSE 0.0 END AS unsatisfied_pct,
                       CASE WHEN r.level IN ('3', '2') THEN 100.0 ELSE 0.0 END
                           AS satisfied_or_better_pct,
                       r.level::int AS score
                  FROM subjects s JOIN hcc_rating r ON r.id = s.rating_id
            )""")

    # ------------------------------------------------------------- figures
    @api.model
    def _period_bounds(self, date_from, date_to):
        """Local dates (YYYY-MM-DD) -> UTC strings [start, end)."""
        start = fields.Datetime.from_string(date_from) - UTC_OFFSET
        end = fields.Datetime.from_string(date_to) + timedelta(days=1) - UTC_OFFSET
        return fields.Datetime.to_string(start), fields.Datetime.to_string(end)

    @api.model
    def get_summary(self, date_from, date_to, subject='agency', agency_id=False):
        """{key: satisfaction_summary} per agency (subject 'agency') or per
        official (subjects 'counter'/'processing'), over the ratings the user
        may read, rated within [date_from, date_to] (local dates)."""
        start, end = self._period_bounds(date_from, date_to)
        domain = [('rated_at', '>=', start), ('rated_at', '<', end)]
        if subject == 'agency':
            domain.append(('subject', '=', 'agency'))
            key = 'agency_id'
        else:
            domain.append(('subject', 'in', ('counter', 'processing')))
            key = 'user_id'
        if agency_id:
            domain.append(('agency_id', '=', agency_id))
        levels = {}
        for row in self.search_read(domain, [key, 'level']):
            levels.setdefault(row[key] and row[key][0], []).append(row['level'])
        return {k: score.satisfaction_summary(v) for k, v in levels.items()}

    @api.model
    def get_criteria_averages(self, date_from, date_to, agency_id=False):
        """[(criterion name, number of answers, average level 1-3)]."""
        start, end = self._period_bounds(date_from, date_to)
        domain = [('rated_at', '>=', start), ('rated_at', '<', end)]
        if agency_id:
            domain.append(('agency_id', '=', agency_id))
        groups = self.env['hcc.rating.line'].read_group(domain, ['criterion_id', 'score'],
                                                         ['criterion_id'])
        return [(g['criterion_id'][1], g['criterion_id_count'], round(g['score'] or 0.0, 2))
                for g in groups if g['criterion_id']]

    @api.model
    def get_service_index(self, date_from, date_to, agency_id):
        """The satisfaction component of Decision 766 for one agency: the
        dossiers settled in the period, how many late, how many with a "not
        satisfied" rating, and (percentage, points) from domain/score.py."""
        start, end = self._period_bounds(date_from, date_to)
        self.env.cr.execute("""
            SELECT count(*), count(*) FILTER (WHERE d.completion = 'late'),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hcc_rating r
                                                  WHERE r.dossier_id = d.id AND r.level = '1'))
              FROM hcc_dossier d
             WHERE d.agency_id = %s AND d.state IN %s
               AND d.finished_at >= %s AND d.finished_at < %s""",
                            (agency_id, tuple(states.RESOLVED_STATES), start, end))
        total, late, unsatisfied = self.env.cr.fetchone()
        percentage, points = score.service_index(total, late, unsatisfied)
        return {'total': total, 'late': late, 'unsatisfied': unsatisfied,
                'percentage': percentage, 'points': points}
