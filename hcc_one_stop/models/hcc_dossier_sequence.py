from odoo import api, fields, models


class HccDossierSequence(models.Model):
    """Daily running number of dossier codes per agency.

    One row per agency and day, bumped with an upsert: the row lock makes
    two counters receiving at the same second wait for each other (no
    duplicate) and a rolled-back receipt rolls its number back (no gap).
    """
    _name = 'hcc.dossier.sequence'
    _description = 'Dossier code running number'
    _log_access = False

    agency_id = fields.Many2one('hcc.agency', required=True, ondelete='cascade')
    day = fields.Date(required=True)
    last_number = fields.Integer(required=True, default=0)

    _sql_constraints = [
        ('agency_day_unique', 'unique(agency_id, day)', 'One running number per agency and day.'),
    ]

    @api.model
    def next_number(self, agency, day):
        self.env.cr.execute("""
            INSERT INTO hcc_dossier_sequence (agency_id, day, last_number)
            VALUES (%s, %s, 1)
            ON CONFLICT (agency_id, day)
            DO UPDATE SET last_number = hcc_dossier_sequence.last_number + 1
            RETURNING last_number
        """, (agency.id, fields.Date.to_string(day)))
        return self.env.cr.fetchone()[0]
