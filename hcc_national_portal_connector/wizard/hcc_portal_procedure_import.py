"""Catalogue down: LayThuTuc for the chosen national procedures, the
differences with their local procedures shown line by line, then applied
to the national fields only (name, legal time, fees, documents, result
documents, legal basis, level, online level). The process steps are ours
and never touched; a procedure that dossiers already use gets a new
version (hcc.procedure.write does that)."""
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..client import errors, mapping

FIELDS = [('name', 'Name'), ('legal', 'Legal processing time'), ('level', 'Level'),
          ('online_level', 'Online service'), ('legal_basis', 'Legal basis'),
          ('fees', 'Fees and charges'), ('documents', 'Required documents'),
          ('result_documents', 'Result documents')]


def _fees(items):
    return '\n'.join('%s: %.0f' % (f['name'], f['amount']) for f in items)


def _documents(items):
    return '\n'.join('%s (%d/%d%s)' % (d['name'], d['originals'], d['copies'],
                                       '' if d['mandatory'] else ', optional') for d in items)


def local_side(procedure):
    """The local procedure in the wizard's comparable texts."""
    return {
        'name': procedure.name,
        'legal': '%g %s' % (procedure.legal_amount, procedure.legal_unit),
        'level': procedure.level or '',
        'online_level': procedure.online_level or '',
        'legal_basis': (procedure.legal_basis or '').strip(),
        'fees': _fees([{'name': f.name, 'amount': f.amount} for f in procedure.fee_ids]),
        'documents': _documents([{'name': d.name, 'originals': d.originals, 'copies': d.copies,
                                  'mandatory': d.mandatory} for d in procedure.document_ids]),
        'result_documents': '\n'.join(procedure.result_document_ids.mapped('name')),
    }


def national_side(values):
    """The LayThuTuc values (client.mapping.procedure_values) as texts;
    absent national values are None (nothing to compare or apply)."""
    out = {'name': values.get('name'), 'level': values.get('level') or None,
           'online_level': values.get('online_level') or None,
           'legal_basis': (values.get('legal_basis') or '').strip() or None}
    if values.get('legal_amount'):
        out['legal'] = '%g %s' % (values['legal_amount'], values['legal_unit'])
    out['fees'] = _fees(values['fees']) if values.get('fees') else None
    out['documents'] = _documents(values['documents']) if values.get('documents') else None
    out['result_documents'] = '\n'.join(d['name'] for d in values['result_documents']) \
        if values.get('result_documents') else None
    return out


def write_values(field, values):
    """hcc.procedure values for one national field."""
    if field == 'name':
        return {'name': values['name']}
    if field == 'legal':
        return {'legal_amount': values['legal_amount'], 'legal_unit': values['legal_unit']}
    if field in ('level', 'online_level', 'legal_basis'):
        return {field: values[field]}
    if field == 'fees':
        return {'fee_ids': [(5, 0, 0)] + [(0, 0, {'name': f['name'], 'amount': f['amount']})
                                          for f in values['fees']]}
    if field == 'documents':
        return {'document_ids': [(5, 0, 0)] + [(0, 0, {
            'name': d['name'], 'originals': d['originals'], 'copies': d['copies'],
            'mandatory': d['mandatory'], 'kind': 'input', 'sequence': 10 * i})
            for i, d in enumerate(values['documents'], 1)]}
    if field == 'result_documents':
        return {'result_document_ids': [(5, 0, 0)] + [(0, 0, {
            'name': d['name'], 'kind': 'result', 'originals': 1, 'copies': 0,
            'sequence': 10 * i}) for i, d in enumerate(values['result_documents'], 1)]}
    raise ValueError(field)


class HccPortalProcedureImport(models.TransientModel):
    _name = 'hcc.portal.procedure.import'
    _description = 'Import procedures from the National Portal'

    entry_ids = fields.Many2many('hcc.portal.procedure', string='National procedures')
    line_ids = fields.One2many('hcc.portal.procedure.import.line', 'wizard_id',
                               string='Differences')
    note = fields.Text(readonly=True)

    def action_compute(self):
        """LayThuTuc for each entry, and the differences as lines."""
        self.ensure_one()
        client = self.env['hcc.portal.settings']._client()
        if client is None:
            raise UserError(_('The National Portal connection is not configured.'))
        self.line_ids.unlink()
        notes, lines = [], []
        for entry in self.entry_ids:
            if not entry.procedure_id:
                notes.append(_('%s: no local procedure mapped') % entry.national_code)
                continue
            result = client.get_procedure(entry.national_code)
            if not result.ok:
                notes.append(_('%s: %s') % (entry.national_code, errors.describe(result.code)))
                continue
            try:
                values = mapping.procedure_values(result.data)
            except (ValueError, KeyError) as exc:
                notes.append(_('%s: %s') % (entry.national_code, exc))
                continue
            entry.write({'details': json.dumps(values, ensure_ascii=False, sort_keys=True),
                         'fetched_at': fields.Datetime.now()})
            here, there = local_side(entry.procedure_id), national_side(values)
            for field, _label in FIELDS:
                if there.get(field) is None or there[field] == here[field]:
                    continue
                lines.append((0, 0, {'entry_id': entry.id, 'field': field,
                                     'local_value': here[field], 'national_value': there[field],
                                     'apply': True}))
        self.write({'line_ids': lines, 'note': '\n'.join(notes) or False})
        return True

    def action_apply(self):
        """Write the ticked differences; the steps stay as they are."""
        self.ensure_one()
        by_entry = {}
        for line in self.line_ids.filtered('apply'):
            by_entry.setdefault(line.entry_id, []).append(line.field)
        for entry, fields_ in by_entry.items():
            values = entry._details()
            vals = {}
            for field in fields_:
                vals.update(write_values(field, values))
            entry.procedure_id.write(vals)
        return {'type': 'ir.actions.act_window_close'}


class HccPortalProcedureImportLine(models.TransientModel):
    _name = 'hcc.portal.procedure.import.line'
    _description = 'Difference with the National Portal'

    wizard_id = fields.Many2one('hcc.portal.procedure.import', required=True,
                                ondelete='cascade')
    entry_id = fields.Many2one('hcc.portal.procedure', string='MaTTHC', required=True)
    procedure_id = fields.Many2one(related='entry_id.procedure_id', readonly=True)
    field = fields.Selection(FIELDS, required=True)
    local_value = fields.Text(string='Here')
    national_value = fields.Text(string='On the portal')
    apply = fields.Boolean(default=True)
