from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..domain import states

# What moves to the successor: dossiers not settled yet. Settled ones (result
# ready or returned, refused, withdrawn, stopped) keep their agency and code.
MOVED_STATES = sorted(states.OPEN_STATES | {states.DRAFT})


class HccAgencyMerge(models.TransientModel):
    """Merge agencies into a successor (e.g. 1 July 2025: the departments of
    Yên Bái and Lào Cai into those of the new Lào Cai province). The merged
    agencies end the day before; their departments, officials and
    procedures pass to the successor; their open dossiers move to it with a
    note in their log; closed dossiers keep their agency and code (their
    procedure version is frozen, see hcc.procedure versions)."""
    _name = 'hcc.agency.merge'
    _description = 'Merge agencies'

    agency_ids = fields.Many2many('hcc.agency', string='Merged agencies', required=True,
                                  domain=[('date_end', '=', False)])
    successor_id = fields.Many2one('hcc.agency', string='Successor', required=True,
                                   domain=[('date_end', '=', False)])
    date = fields.Date(string='Merger in force from', required=True,
                       default=fields.Date.context_today)

    @api.model
    def default_get(self, fields_list):
        res = super(HccAgencyMerge, self).default_get(fields_list)
        if self.env.context.get('active_model') == 'hcc.agency' and 'agency_ids' in fields_list:
            res['agency_ids'] = [(6, 0, self.env.context.get('active_ids') or [])]
        return res

    def action_merge(self):
        self.ensure_one()
        user = self.env.user
        if not (user.has_group('hcc_one_stop.group_hcc_manager')
                or user.has_group('base.group_system')):
            raise AccessError(_('Only a centre manager merges agencies: it moves dossiers.'))
        merged = self.agency_ids - self.successor_id
        if not merged:
            raise UserError(_('Choose the agencies merged into another one.'))
        if self.successor_id in merged._hcc_lineage():
            raise UserError(_('An agency cannot be merged into its own successor.'))
        day_before = fields.Date.to_string(fields.Date.from_string(self.date) - timedelta(days=1))
        successor = self.successor_id.sudo()
        Dossier = self.env['hcc.dossier'].sudo()
        for agency in merged.sudo():
            agency.write({'date_end': day_before, 'successor_id': successor.id})
            agency.department_ids.write({'hcc_agency_id': successor.id})
            self.env['res.users'].sudo().search([('hcc_agency_id', '=', agency.id)]).write(
                {'hcc_agency_id': successor.id})
            note = _('Agency merger from %s: %s became %s. The dossier keeps its code.') % (
                fields.Date.from_string(self.date).strftime('%d/%m/%Y'), agency.name,
                successor.name)
            procedures = self.env['hcc.procedure'].sudo().search([('agency_id', '=', agency.id)])
            for procedure in procedures:
                # the write freezes the procedure with all its dossiers in an
                # archived version that keeps the merged agency ...
                before = procedure.previous_version_id
                procedure.write({'agency_id': successor.id})
                frozen = procedure.previous_version_id
                if frozen == before:
                    continue  # no dossier: changed in place
                # ... and the open ones come back to the live version
                Dossier.search([('procedure_id', '=', frozen.id),
                                ('state', 'in', MOVED_STATES)])._hcc_move_to_procedure(
                                    procedure, note)
        return True
