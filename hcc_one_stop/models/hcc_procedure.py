from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import deadline

UNIT_SELECTION = [('day', 'Working days'), ('hour', 'Working hours')]

# Changing any of these changes how a dossier is processed: a procedure that
# dossiers already use gets a new version instead of being edited in place.
VERSIONED_FIELDS = {
    'legal_amount', 'legal_unit', 'cutoff_enabled', 'cutoff_hour', 'step_ids',
    'document_ids', 'result_document_ids', 'fee_ids', 'agency_id', 'online_level',
    'postal_filing', 'postal_return', 'legal_basis', 'no_time_limit',
}


class HccProcedure(models.Model):
    """An administrative procedure (thủ tục hành chính) and its internal
    process, configured by IT staff without code."""
    _name = 'hcc.procedure'
    _inherit = ['mail.thread', 'hcc.checked.mixin']
    _description = 'Administrative procedure'
    _order = 'sector_id, name, version desc'

    name = fields.Char(required=True, track_visibility='onchange')
    national_code = fields.Char(string='National code (MaTTHC)', index=True,
                                track_visibility='onchange')
    sector_id = fields.Many2one('hcc.sector', string='Sector', required=True)
    level = fields.Selection(
        [('province', 'Province'), ('district', 'District'), ('commune', 'Commune')],
        required=True, default='province')
    agency_id = fields.Many2one('hcc.agency', string='Competent agency', required=True,
                                domain=[('is_external', '=', False)])
    legal_amount = fields.Float(string='Legal processing time', required=True, default=1.0,
                                track_visibility='onchange')
    legal_unit = fields.Selection(UNIT_SELECTION, string='Unit', required=True, default='day')
    cutoff_enabled = fields.Boolean(
        string='Cut-off time',
        help='Received after the cut-off time: the clock starts on the next working day.')
    cutoff_hour = fields.Float(string='Cut-off at', default=15.0)
    fee_ids = fields.One2many('hcc.procedure.fee', 'procedure_id', string='Fees and charges',
                              copy=True)
    fee_total = fields.Float(string='Total fees (VND)', compute='_compute_fee_total', digits=(16, 0))
    document_ids = fields.One2many('hcc.procedure.document', 'procedure_id',
                                   string='Required documents', copy=True,
                                   domain=[('kind', '=', 'input')], context={'default_kind': 'input'})
    result_document_ids = fields.One2many('hcc.procedure.document', 'procedure_id',
                                          string='Result documents', copy=True,
                                          domain=[('kind', '=', 'result')],
                                          context={'default_kind': 'result'})
    legal_basis = fields.Text(string='Legal basis')
    online_level = fields.Selection(
        [('none', 'Not online'), ('partial', 'Partly online'), ('full', 'Fully online')],
        string='Online service', default='partial', required=True)
    postal_filing = fields.Boolean(string='Filing by post allowed')
    postal_return = fields.Boolean(string='Result by post allowed')
    step_ids = fields.One2many('hcc.procedure.step', 'procedure_id', string='Process steps',
                               copy=True)
    step_total_hours = fields.Float(compute='_compute_step_total_hours',
                                    string='Steps total (working hours)')
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_version_id = fields.Many2one('hcc.procedure', string='Replaces version',
                                          readonly=True, copy=False)
    current_version_id = fields.Many2one(
        'hcc.procedure', string='Current version', readonly=True, copy=False,
        help='For an old version: the procedure that replaced it.')
    dossier_count = fields.Integer(compute='_compute_dossier_count')
    active = fields.Boolean(default=True)

    @api.depends('fee_ids.amount')
    def _compute_fee_total(self):
        for rec in self:
            rec.fee_total = sum(rec.fee_ids.mapped('amount'))

    @api.depends('step_ids.budget_amount', 'step_ids.budget_unit')
    def _compute_step_total_hours(self):
        cal = self.env['hcc.holiday'].get_working_calendar()
        for rec in self:
            rec.step_total_hours = sum(
                deadline.budget_hours(cal, s.budget_amount, s.budget_unit)
                for s in rec.step_ids if s.budget_amount >= 0)

    def _compute_dossier_count(self):
        # the dossiers the user may see: none for IT staff, who configure
        # procedures but read no citizen's data
        if not self.env['hcc.dossier'].check_access_rights('read', raise_exception=False):
            for rec in self:
                rec.dossier_count = 0
            return
        data = self.env['hcc.dossier'].read_group(
            [('procedure_id', 'in', self.ids)], ['procedure_id'], ['procedure_id'])
        counts = dict((d['procedure_id'][0], d['procedure_id_count']) for d in data)
        for rec in self:
            rec.dossier_count = counts.get(rec.id, 0)

    def name_get(self):
        return [(rec.id, '%s%s' % (rec.name, ' (v%d)' % rec.version if rec.version > 1 else ''))
                for rec in self]

    @api.constrains('legal_amount', 'legal_unit', 'step_ids', 'cutoff_hour', 'cutoff_enabled')
    def _check_process(self):
        cal = self.env['hcc.holiday'].get_working_calendar()
        for rec in self:
            if rec.legal_amount <= 0:
                raise ValidationError(_('The legal processing time of "%s" must be positive.')
                                      % rec.name)
            if not rec.step_ids:
                raise ValidationError(_('The procedure "%s" needs at least one process step.')
                                      % rec.name)
            legal = deadline.budget_hours(cal, rec.legal_amount, rec.legal_unit)
            if rec.step_total_hours > legal + 1e-6:
                raise ValidationError(
                    _('The steps of "%s" take %.1f working hours, more than the legal '
                      'processing time of %.1f working hours.')
                    % (rec.name, rec.step_total_hours, legal))
            if rec.cutoff_enabled and not 0 < rec.cutoff_hour < 24:
                raise ValidationError(_('The cut-off time must be between 00:00 and 24:00.'))

    def write(self, vals):
        if VERSIONED_FIELDS & set(vals) and not self.env.context.get('hcc_no_version'):
            self._snapshot_if_used()
        return super(HccProcedure, self.with_context(hcc_no_version=True)).write(vals)

    def _snapshot_if_used(self):
        """Freeze the current content in an archived copy and move the dossiers
        received under it there; this record becomes the next version.

        The live record keeps its id (menus, portal links and the national
        code mapping stay valid) while each dossier keeps the content it was
        received under.
        """
        Dossier = self.env['hcc.dossier'].sudo()
        for rec in self:
            dossiers = Dossier.with_context(active_test=False).search(
                [('procedure_id', '=', rec.id)])
            if not dossiers:
                continue
            old = rec.with_context(hcc_no_version=True).copy({
                'active': False, 'version': rec.version,
                'previous_version_id': rec.previous_version_id.id,
                'current_version_id': rec.id, 'name': rec.name,
            })
            step_map = dict(zip(rec.step_ids.ids, old.step_ids.ids))
            for step_id, old_step_id in step_map.items():
                Dossier.search([('procedure_id', '=', rec.id), ('current_step_id', '=', step_id)]) \
                    ._hcc_workflow_write({'current_step_id': old_step_id})
            dossiers._hcc_workflow_write({'procedure_id': old.id})
            for step_id, old_step_id in step_map.items():
                self.env['hcc.dossier.log'].sudo().search(
                    [('dossier_id', 'in', dossiers.ids), ('step_id', '=', step_id)]
                ).write({'step_id': old_step_id})
            super(HccProcedure, rec).write({'version': rec.version + 1,
                                            'previous_version_id': old.id})
            rec.message_post(body=_('Version %d created: %d dossiers keep version %d.')
                             % (rec.version, len(dossiers), old.version))

    def action_view_dossiers(self):
        self.ensure_one()
        action = self.env.ref('hcc_one_stop.hcc_dossier_action_all').read()[0]
        action['domain'] = [('procedure_id', '=', self.id)]
        return action
