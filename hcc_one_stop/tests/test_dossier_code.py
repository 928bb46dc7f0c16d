import threading
import time
from datetime import date

from odoo import api
from odoo.tests.common import TransactionCase, at_install, post_install


# After installation: the other connections must see committed demo data.
@at_install(False)
@post_install(True)
class TestDossierCodeConcurrency(TransactionCase):
    """Counters receiving at the same second never share a number, leave no
    gap and never hit a serialization failure (which Odoo's RPC layer would
    retry, at worst until the receipt fails): run on real database
    connections whose snapshots are all taken before any of them commits,
    as with counters whose requests overlap."""

    day = date(2099, 12, 31)

    def setUp(self):
        super(TestDossierCodeConcurrency, self).setUp()
        self.agency_id = self.env.ref('hcc_one_stop.agency_justice').id  # committed demo data
        self.cleanup()  # numbers left by an interrupted run would shift the expected ones
        self.addCleanup(self.cleanup)

    def cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM hcc_dossier_number WHERE day=%s", (self.day,))

    def claim(self, cr):
        env = api.Environment(cr, self.env.uid, {})
        return env['hcc.dossier.sequence'].next_number(env['hcc.agency'].browse(self.agency_id),
                                                       self.day)

    def take(self, barrier, results, errors):
        try:
            with api.Environment.manage(), self.registry.cursor() as cr:
                # REPEATABLE READ: the snapshot is taken by the first query,
                # before the others commit their numbers
                cr.execute("SELECT 1")
                barrier.wait(timeout=10)
                n = self.claim(cr)
                time.sleep(0.2)  # hold the number: the others must wait, not fail
                cr.commit()
                results.append(n)
        except Exception as exc:  # reported by the test, a thread must not die silently
            errors.append(exc)

    def run_threads(self, count):
        results, errors = [], []
        barrier = threading.Barrier(count)
        threads = [threading.Thread(target=self.take, args=(barrier, results, errors))
                   for _ in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(errors, [])
        return sorted(results)

    def test_concurrent_numbers(self):
        self.assertEqual(self.run_threads(4), [1, 2, 3, 4])
        # a receipt that rolls back gives its number back: no gap
        with api.Environment.manage(), self.registry.cursor() as cr:
            self.assertEqual(self.claim(cr), 5)
            cr.rollback()
        self.assertEqual(self.run_threads(1), [5])

    def test_waiting_counter_takes_a_released_number(self):
        """A counter waiting for a number that the holder then rolls back
        gets that very number, not the next one."""
        holder_claimed, release = threading.Event(), threading.Event()
        results, errors = [], []

        def holder():
            try:
                with api.Environment.manage(), self.registry.cursor() as cr:
                    results.append(('holder', self.claim(cr)))
                    holder_claimed.set()
                    release.wait(10)
                    cr.rollback()
            except Exception as exc:
                errors.append(exc)

        def waiter():
            try:
                with api.Environment.manage(), self.registry.cursor() as cr:
                    cr.execute("SELECT 1")
                    holder_claimed.wait(10)
                    results.append(('waiter', self.claim(cr)))
                    cr.commit()
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=holder), threading.Thread(target=waiter)]
        for t in threads:
            t.start()
        holder_claimed.wait(10)
        time.sleep(0.3)  # the waiter is blocked on the held number
        release.set()
        for t in threads:
            t.join(30)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(results), [('holder', 1), ('waiter', 1)])
