from psycopg2 import IntegrityError, errorcodes

from odoo import api, fields, models

# A claim fails only when another receipt committed that number after this
# transaction's snapshot; far more than the counters of one agency can do.
MAX_CLAIMS = 1000


class HccDossierSequence(models.Model):
    """Running numbers of dossier codes issued per agency and day: one row
    per issued number.

    A receipt claims a number by inserting its row, starting from the highest
    number it sees + 1. The unique index makes a concurrent claim of the same
    number wait for the holder: if the holder commits, the claim fails with a
    unique violation (caught in a savepoint) and the next number is tried; if
    it rolls back, the number is free again and the waiting claim takes it.
    So there is no duplicate and no gap. Bumping one counter row per day
    instead makes the second of two overlapping receipts fail with a
    serialization error under Odoo's REPEATABLE READ, and Odoo's RPC layer
    then replays the whole receipt (up to 5 times, with growing sleeps).
    """
    _name = 'hcc.dossier.sequence'
    _table = 'hcc_dossier_number'
    _description = 'Dossier code running number'
    _log_access = False
    _order = 'agency_id, day, number'

    agency_id = fields.Many2one('hcc.agency', required=True, ondelete='cascade')
    day = fields.Date(required=True)
    number = fields.Integer(required=True)

    _sql_constraints = [
        ('agency_day_number_unique', 'unique(agency_id, day, number)',
         'This running number was already issued that day.'),
    ]

    @api.model_cr
    def init(self):
        # Databases made before numbers were claimed one row each kept one
        # counter row per agency and day (table hcc_dossier_sequence, column
        # last_number): expand it so that the day's numbering goes on.
        cr = self.env.cr
        cr.execute("""SELECT 1 FROM information_schema.columns
                      WHERE table_name = 'hcc_dossier_sequence' AND column_name = 'last_number'""")
        if cr.fetchone():
            cr.execute("""
                INSERT INTO hcc_dossier_number (agency_id, day, number)
                SELECT s.agency_id, s.day, n
                  FROM hcc_dossier_sequence s, generate_series(1, s.last_number) n
                ON CONFLICT DO NOTHING
            """)
            cr.execute("DROP TABLE hcc_dossier_sequence")

    @api.model
    def next_number(self, agency, day):
        """Claim the next running number of `agency` on `day` (a date)."""
        cr = self.env.cr
        day = fields.Date.to_string(day)
        cr.execute("""SELECT COALESCE(MAX(number), 0) FROM hcc_dossier_number
                      WHERE agency_id = %s AND day = %s""", (agency.id, day))
        number = cr.fetchone()[0] + 1
        for _claim in range(MAX_CLAIMS):
            try:
                with cr.savepoint():
                    # the violation is expected under concurrency: not an ERROR line
                    cr.execute("""INSERT INTO hcc_dossier_number (agency_id, day, number)
                                  VALUES (%s, %s, %s)""", (agency.id, day, number),
                               log_exceptions=False)
                return number
            except IntegrityError as exc:
                if exc.pgcode != errorcodes.UNIQUE_VIOLATION:
                    raise
                number += 1
        raise RuntimeError('no free running number for agency %s on %s after %d claims'
                           % (agency.id, day, MAX_CLAIMS))
