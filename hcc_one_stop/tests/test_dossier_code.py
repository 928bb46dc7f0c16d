import threading
from datetime import date

from odoo import api
from odoo.tests.common import TransactionCase, at_install, post_install


# After installation: the other connections must see committed demo data.
@at_install(False)
@post_install(True)
class TestDossierCodeConcurrency(TransactionCase):
    """Two counters receiving at the same second never share a number and
    leave no gap: run on two real database connections."""

    def test_concurrent_numbers(self):
        agency = self.env.ref('hcc_one_stop.agency_justice')  # committed demo data
        day = date(2099, 12, 31)
        results, errors = [], []
        barrier = threading.Barrier(2)

        def take(rollback):
            try:
                with api.Environment.manage(), self.registry.cursor() as cr:
                    env = api.Environment(cr, self.env.uid, {})
                    barrier.wait(timeout=10)
                    n = env['hcc.dossier.sequence'].next_number(env['hcc.agency'].browse(agency.id), day)
                    if rollback:
                        cr.rollback()
                    else:
                        results.append(n)
            except Exception as exc:  # reported below, the thread must not die silently
                errors.append(exc)

        threads = [threading.Thread(target=take, args=(False,)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        try:
            self.assertFalse(errors)
            self.assertEqual(sorted(results), [1, 2])
            # a receipt that rolls back gives its number back: no gap
            take_rb = threading.Thread(target=take, args=(True,))
            barrier = threading.Barrier(1)
            take_rb.start()
            take_rb.join(30)
            with self.registry.cursor() as cr:
                cr.execute("SELECT last_number FROM hcc_dossier_sequence WHERE agency_id=%s AND day=%s",
                           (agency.id, day))
                self.assertEqual(cr.fetchone()[0], 2)
        finally:
            with self.registry.cursor() as cr:
                cr.execute("DELETE FROM hcc_dossier_sequence WHERE day=%s", (day,))
