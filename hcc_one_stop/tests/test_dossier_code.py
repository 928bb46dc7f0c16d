import threading
from datetime import date

from psycopg2.extensions import TransactionRollbackError

from odoo import api
from odoo.tests.common import TransactionCase, at_install, post_install
from odoo.tools import mute_logger


# After installation: the other connections must see committed demo data.
@at_install(False)
@post_install(True)
class TestDossierCodeConcurrency(TransactionCase):
    """Two counters receiving at the same second never share a number and
    leave no gap: run on two real database connections. The loser of the
    race gets a serialization failure and is retried, as Odoo's RPC layer
    retries every request that hits one."""

    day = date(2099, 12, 31)

    def take(self, agency_id, barrier, results, errors, rollback=False):
        try:
            with api.Environment.manage(), self.registry.cursor() as cr:
                barrier.wait(timeout=10)
                for _attempt in range(5):
                    try:
                        env = api.Environment(cr, self.env.uid, {})
                        n = env['hcc.dossier.sequence'].next_number(
                            env['hcc.agency'].browse(agency_id), self.day)
                        if rollback:
                            cr.rollback()
                        else:
                            cr.commit()
                        results.append(n)
                        return
                    except TransactionRollbackError:
                        cr.rollback()
                errors.append('no number after 5 attempts')
        except Exception as exc:  # reported by the test, a thread must not die silently
            errors.append(exc)

    # the losing transaction's serialization failure is expected, not an error
    @mute_logger('odoo.sql_db')
    def run_threads(self, agency_id, count, rollback=False):
        results, errors = [], []
        barrier = threading.Barrier(count)
        threads = [threading.Thread(target=self.take,
                                    args=(agency_id, barrier, results, errors, rollback))
                   for _ in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertFalse(errors)
        return sorted(results)

    def test_concurrent_numbers(self):
        agency_id = self.env.ref('hcc_one_stop.agency_justice').id  # committed demo data
        try:
            self.assertEqual(self.run_threads(agency_id, 3), [1, 2, 3])
            # a receipt that rolls back gives its number back: no gap
            self.assertEqual(self.run_threads(agency_id, 1, rollback=True), [4])
            self.assertEqual(self.run_threads(agency_id, 1), [4])
        finally:
            with self.registry.cursor() as cr:
                cr.execute("DELETE FROM hcc_dossier_sequence WHERE day=%s", (self.day,))
