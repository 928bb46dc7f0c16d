"""Reconciliation per day (Vietnam time): the dossiers received here
against what the portal confirmed, and the exchanges of that day. A day
where `received` differs from `on_portal` is one to look at; spot checks
(TraCuuHoSo) are the button "Check on the portal" of the dossiers."""
from odoo import fields, models, tools


class HccPortalReconciliation(models.Model):
    _name = 'hcc.portal.reconciliation'
    _description = 'National Portal reconciliation per day'
    _auto = False
    _order = 'day desc'
    _rec_name = 'day'

    day = fields.Date(readonly=True)
    received = fields.Integer(string='Received here', readonly=True)
    on_portal = fields.Integer(string='Confirmed by the portal', readonly=True)
    waiting = fields.Integer(string='Waiting or retrying', readonly=True)
    failed = fields.Integer(string='Failed', readonly=True)
    calls_ok = fields.Integer(string='Calls answered OK', readonly=True)
    calls_failed = fields.Integer(string='Calls failed or refused', readonly=True)
    gap = fields.Integer(string='Not confirmed', readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS
            WITH d AS (
                SELECT (received_at AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
                       count(*) AS received,
                       count(*) FILTER (WHERE portal_sync_state = 'synced') AS on_portal,
                       count(*) FILTER (WHERE portal_sync_state IN ('pending', 'retrying')) AS waiting,
                       count(*) FILTER (WHERE portal_sync_state = 'failed') AS failed
                  FROM hcc_dossier WHERE received_at IS NOT NULL AND name IS NOT NULL
                 GROUP BY 1),
            x AS (
                SELECT (date AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
                       count(*) FILTER (WHERE outcome = 'ok') AS calls_ok,
                       count(*) FILTER (WHERE outcome != 'ok') AS calls_failed
                  FROM hcc_portal_exchange GROUP BY 1)
            SELECT row_number() OVER (ORDER BY COALESCE(d.day, x.day)) AS id,
                   COALESCE(d.day, x.day) AS day,
                   COALESCE(d.received, 0) AS received, COALESCE(d.on_portal, 0) AS on_portal,
                   COALESCE(d.waiting, 0) AS waiting, COALESCE(d.failed, 0) AS failed,
                   COALESCE(x.calls_ok, 0) AS calls_ok, COALESCE(x.calls_failed, 0) AS calls_failed,
                   COALESCE(d.received, 0) - COALESCE(d.on_portal, 0) AS gap
              FROM d FULL OUTER JOIN x ON x.day = d.day""" % self._table)
