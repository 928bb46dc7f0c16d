from odoo import api, fields, models

from ..domain import states

STATE_SELECTION = states.STATE_SELECTION
NATIONAL_SELECTION = [(str(k), v) for k, v in sorted(states.NATIONAL_STATUS_LABELS.items())]


class HccNationalStatus(models.Model):
    """Local dossier state -> national status (TrangThaiHoSo 1-10), editable
    by IT staff when the national vocabulary or local practice changes."""
    _name = 'hcc.national.status'
    _inherit = ['hcc.checked.mixin']
    _description = 'National status mapping'
    _order = 'national_code, state'
    _rec_name = 'state'

    state = fields.Selection(STATE_SELECTION, required=True)
    national_code = fields.Selection(NATIONAL_SELECTION, string='National status', required=True)

    _sql_constraints = [
        ('state_unique', 'unique(state)', 'Each local state maps to one national status.'),
    ]

    @api.model
    def get_mapping(self):
        """{local state: national code as int}, defaults for unmapped states."""
        mapping = dict(states.DEFAULT_NATIONAL_STATUS)
        for rec in self.sudo().search([]):
            mapping[rec.state] = int(rec.national_code)
        return mapping
