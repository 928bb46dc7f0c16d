from odoo import api, models

from .tools import check_values


class HccCheckedMixin(models.AbstractModel):
    """Values checked for type, choice, length and existence before they
    reach SQL, whatever the entry point (form, RPC, import): a clear message
    in the user's language instead of a database error and its traceback."""
    _name = 'hcc.checked.mixin'
    _description = 'Checked input'

    @api.model
    def create(self, vals):
        check_values(self, vals, creating=True)
        return super(HccCheckedMixin, self).create(vals)

    def write(self, vals):
        check_values(self, vals)
        return super(HccCheckedMixin, self).write(vals)
