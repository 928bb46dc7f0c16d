"""The national procedure catalogue as last read from the portal
(LayDanhSachTTHC) and its mapping to our procedures: the mapping table
local hcc.procedure <-> MaTTHC. A dossier filed online for a MaTTHC is taken
in under the mapped procedure (or the one with that national code)."""
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..client import errors, mapping

LEVELS = [('province', 'Province'), ('district', 'District'), ('commune', 'Commune')]
ONLINE_LEVELS = [('full', 'Fully online'), ('partial', 'Partly online'), ('none', 'Not online')]


class HccPortalProcedure(models.Model):
    _name = 'hcc.portal.procedure'
    _description = 'National procedure (catalogue of the National Portal)'
    _order = 'national_code'
    _rec_name = 'national_code'

    national_code = fields.Char(string='MaTTHC', required=True, index=True, readonly=True)
    name = fields.Char(string='National name', readonly=True)
    sector_code = fields.Char(string='Sector code', readonly=True)
    sector_name = fields.Char(string='Sector', readonly=True)
    level = fields.Selection(LEVELS, readonly=True)
    online_level = fields.Selection(ONLINE_LEVELS, readonly=True)
    national_updated_at = fields.Datetime(string='Updated on the portal', readonly=True)
    fetched_at = fields.Datetime(string='Read from the portal', readonly=True)
    procedure_id = fields.Many2one('hcc.procedure', string='Local procedure', index=True,
                                   help='Our procedure for this MaTTHC: national fields are '
                                        'imported into it, online dossiers taken in under it.')
    details = fields.Text(string='Last LayThuTuc answer (JSON)', readonly=True)

    _sql_constraints = [
        ('national_code_uniq', 'unique(national_code)', 'One row per MaTTHC.'),
    ]

    @api.model
    def _local_procedure(self, national_code):
        row = self.search([('national_code', '=', national_code)], limit=1)
        if row.procedure_id:
            return row.procedure_id
        return self.env['hcc.procedure'].sudo().search(
            [('national_code', '=', national_code)], limit=1)

    @api.model
    def action_refresh_catalogue(self):
        """Read the whole catalogue (LayDanhSachTTHC, every page) and map
        new rows to the local procedure with the same national code."""
        client = self.env['hcc.portal.settings']._client()
        if client is None:
            raise UserError(_('The National Portal connection is not configured.'))
        result = client.fetch_catalogue(page_size=500)
        if not result.ok:
            raise UserError(_('The portal did not give its catalogue: %s')
                            % errors.describe(result.code))
        existing = dict((r.national_code, r) for r in self.search([]))
        now = fields.Datetime.now()
        for item in result.data['ThuTuc']:
            values = mapping.procedure_summary(item)
            vals = {'name': values['name'], 'sector_code': values['sector_code'],
                    'sector_name': values['sector_name'], 'level': values['level'],
                    'online_level': values['online_level'],
                    'national_updated_at': values['updated_at'], 'fetched_at': now}
            row = existing.get(values['national_code'])
            if row:
                row.write(vals)
            else:
                local = self.env['hcc.procedure'].search(
                    [('national_code', '=', values['national_code'])], limit=1)
                self.create(dict(vals, national_code=values['national_code'],
                                 procedure_id=local.id))
        return {'type': 'ir.actions.act_window', 'res_model': self._name,
                'view_mode': 'tree,form', 'name': _('National catalogue')}

    def action_import(self):
        """The wizard showing the differences before applying them."""
        wizard = self.env['hcc.portal.procedure.import'].create({'entry_ids': [(6, 0, self.ids)]})
        wizard.action_compute()
        return {'type': 'ir.actions.act_window', 'res_model': wizard._name, 'res_id': wizard.id,
                'view_mode': 'form', 'target': 'new', 'name': _('Import from the portal')}

    def _details(self):
        return json.loads(self.details) if self.details else None
