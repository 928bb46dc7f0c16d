from odoo.exceptions import ValidationError

from .common import HccCase


class TestProcedure(HccCase):

    def test_validation(self):
        Procedure = self.env['hcc.procedure']
        base = {'name': 'X', 'sector_id': self.sector.id, 'agency_id': self.agency.id,
                'legal_amount': 1, 'legal_unit': 'day'}
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Procedure.create(dict(base))  # no steps
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Procedure.create(dict(base, step_ids=[(0, 0, {
                'name': 'Long', 'department_id': self.dept.id, 'budget_amount': 2})]))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Procedure.create(dict(base, step_ids=[(0, 0, {
                'name': 'Negative', 'department_id': self.dept.id, 'budget_amount': -1})]))
        empty = self.env['hr.department'].create({'name': 'Nobody'})
        with self.assertRaises(ValidationError) as ctx, self.env.cr.savepoint():
            Procedure.create(dict(base, step_ids=[(0, 0, {
                'name': 'Unstaffed', 'department_id': empty.id, 'budget_amount': 0.5})]))
        self.assertIn('Nobody', ctx.exception.name)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Procedure.create(dict(base, step_ids=[(0, 0, {
                'name': 'Police', 'is_external': True, 'budget_amount': 0.5})]))
        ok = Procedure.create(dict(base, step_ids=[(0, 0, {
            'name': 'Fine', 'department_id': self.dept.id, 'budget_amount': 4,
            'budget_unit': 'hour'})]))
        self.assertEqual(ok.step_total_hours, 4.0)

    def test_editing_a_used_procedure_makes_a_new_version(self):
        d = self.received(2026, 3, 2, 8, 0)
        self.at(2026, 3, 2, 9, 0).browse(d.id).action_next_step()
        live = self.procedure
        live.write({'legal_amount': 5})
        self.assertEqual(live.version, 2)
        self.assertEqual(live.legal_amount, 5)
        old = d.procedure_id
        self.assertNotEqual(old, live)
        self.assertEqual((old.version, old.legal_amount, old.active), (1, 3, False))
        self.assertEqual(old.current_version_id, live)
        self.assertEqual(live.previous_version_id, old)
        # the dossier still sits on the same step of its own version
        self.assertEqual(d.current_step_id.procedure_id, old)
        self.assertEqual(d.current_step_id.name, 'Thẩm định')
        # editing a step through the procedure also versions
        d2 = self.received(2026, 3, 2, 8, 0)
        live.step_ids[0].write({'budget_amount': 0.25})
        self.assertEqual(live.version, 3)
        self.assertEqual(d2.procedure_id.version, 2)
        self.assertEqual(d2.procedure_id.step_ids[0].budget_amount, 0.5)
        # unused procedures are edited in place
        fresh = live
        fresh.write({'name': 'Renamed'})
        self.assertEqual(fresh.version, 3)

    def test_fees_total(self):
        self.assertEqual(self.procedure.fee_total, 50000)
