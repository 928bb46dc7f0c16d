from odoo import fields, models

from ..domain import legal

FORM_SELECTION = [
    ('receipt', 'Receipt and appointment slip'),
    ('supplement', 'Supplement request'),
    ('refusal', 'Refusal to receive'),
    ('apology', 'Apology letter'),
    ('stop', 'Stop-processing notice'),
    ('control', 'Processing control slip'),
    ('book', 'Dossier tracking book'),
]
assert [key for key, _label in FORM_SELECTION] == list(legal.FORM_KEYS)


class HccLegalForm(models.Model):
    """One form of a legal version: its number ("Mẫu số 0X") and its
    official title. No number: the version has no such form, which is then
    printed without a "Mẫu số" label."""
    _name = 'hcc.legal.form'
    _inherit = ['hcc.checked.mixin']
    _description = 'Form of a legal version'
    _order = 'version_id, number, key'

    version_id = fields.Many2one('hcc.legal.version', required=True, ondelete='cascade',
                                 index=True)
    key = fields.Selection(FORM_SELECTION, string='Form', required=True)
    number = fields.Char(size=4, help='e.g. 04. Empty: not a form of this version.')
    title = fields.Char(required=True, help='Official Vietnamese title printed on the form.')

    _sql_constraints = [
        ('key_unique', 'unique(version_id, key)', 'A form appears once per legal version.'),
    ]
