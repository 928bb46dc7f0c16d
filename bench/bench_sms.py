"""SMS benchmark, in-process on a database with the suite installed:

1. messages per second through the job runner (hcc.job, channel sms: lock,
   send, record, commit per message, as the cron does) to the loopback
   JSON gateway and to the fake SMS centre (SMPP), both started here;
2. the time to drain 100,000 queued messages, extrapolated from N
   (default 2,000 per gateway; HCC_BENCH_SMS_N) at the JSON rate;
3. what the SMS hook adds to a dossier event: _hcc_sms_queue for a receipt
   (render, one message row, one job row), and a whole receive_new with the
   hook against the same with the hook switched off;
4. the late-dossier job (hcc.dossier._cron_check_deadlines) over the
   database's dossiers, with a 'late' template active or not (events only
   enqueue), in a rolled-back transaction.

Usage: bench_sms.py DB [CONF]   (CONF default .data/odoo-bench.conf)
Everything it commits (gateways, messages, jobs, dossiers) is deleted at
the end. Prints figures; asserts nothing.
"""
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'hcc_sms', 'tests'))

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

from fakes import FakeJsonSmsGateway, FakeSmsc  # noqa: E402

N = int(os.environ.get('HCC_BENCH_SMS_N', 2000))
EVENTS = int(os.environ.get('HCC_BENCH_SMS_EVENTS', 200))


def env_of(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def throughput(registry, provider, fake, vals):
    """Queue N messages, drain them through the runner; messages/s."""
    with registry.cursor() as cr:
        env = env_of(cr)
        env['hcc.sms.gateway'].search([]).write({'active': False})
        env['ir.config_parameter'].set_param('hcc_sms.quiet_hours', 'off')
        gateway = env['hcc.sms.gateway'].create(dict(
            vals, name='bench %s' % provider, provider=provider, url=fake.url,
            brandname='HCC-TINH', timeout=5))
        Message = env['hcc.sms.message']
        t = time.time()
        ids = []
        for i in range(N):
            ids.append(Message._queue({
                'phone': '8491%07d' % i, 'event': 'received', 'urgent': True,
                'body': 'HCC: Ho so 000.00.15.H64-260213-%04d da duoc tiep nhan.' % i,
                'dedup_key': 'bench:%s:%d:%d' % (provider, os.getpid(), i)}).id)
        queue_s = time.time() - t
        cr.commit()
        gateway_id = gateway.id
    with registry.cursor() as cr:
        env = env_of(cr)
        # only ours: park the other pending SMS jobs meanwhile
        cr.execute("UPDATE hcc_job SET state = 'cancelled' WHERE channel = 'sms' "
                   "AND state = 'pending' AND res_id <> ALL(%s) RETURNING id", (ids,))
        parked = [r[0] for r in cr.fetchall()]
        cr.commit()
        t = time.time()
        ran = 0
        while True:
            done = env['hcc.job']._run_due('sms', limit=500)
            ran += done
            if not done:
                break
        took = time.time() - t
        cr.execute("SELECT state, count(*) FROM hcc_sms_message WHERE id = ANY(%s) GROUP BY 1",
                   (ids,))
        states = dict(cr.fetchall())
        cr.execute("UPDATE hcc_job SET state = 'pending' WHERE id = ANY(%s)", (parked,))
        cr.execute("DELETE FROM hcc_job WHERE model_name = 'hcc.sms.message' "
                   "AND res_id = ANY(%s)", (ids,))
        cr.execute("DELETE FROM hcc_sms_message WHERE id = ANY(%s)", (ids,))
        cr.commit()
        env['hcc.sms.gateway']._close_transports()
        env['hcc.sms.gateway'].browse(gateway_id).unlink()
        cr.commit()
    return {'queue_s': queue_s, 'run_s': took, 'ran': ran, 'states': states,
            'rate': ran / took if took else 0}


def event_cost(registry):
    """ms the SMS hook adds to a receipt."""
    with registry.cursor() as cr:
        env = env_of(cr)
        env['ir.config_parameter'].set_param('hcc_sms.quiet_hours', 'off')
        reception = env.ref('hcc_one_stop.user_reception')
        procedure = env.ref('hcc_one_stop.procedure_judicial_record')
        Dossier = env['hcc.dossier'].sudo(reception)

        def receive(i):
            return Dossier.receive_new({
                'procedure_id': procedure.id, 'applicant_name': 'Nguyen Van An',
                'applicant_id_number': '0150900%05d' % i, 'applicant_phone': '0912345678'})

        receive(0)  # warm the caches
        HccDossier = type(env['hcc.dossier'])
        hook_s = 0.0
        for i in range(EVENTS):
            log = env['hcc.dossier.log'].search([], order='id desc', limit=1)
            dossier = log.dossier_id
            t = time.time()
            dossier._hcc_sms_queue('received', log.browse(log.id + 10 ** 8 + i))
            hook_s += time.time() - t
        # whole receipts with and without the hook
        t = time.time()
        for i in range(1, EVENTS + 1):
            receive(i)
        with_s = time.time() - t
        original = None
        for cls in HccDossier.__mro__:
            if '_hcc_sms_queue' in cls.__dict__:
                original = cls.__dict__['_hcc_sms_queue']
                owner = cls
                break
        owner._hcc_sms_queue = lambda self, event, log: None
        try:
            t = time.time()
            for i in range(EVENTS + 1, 2 * EVENTS + 1):
                receive(i)
            without_s = time.time() - t
        finally:
            owner._hcc_sms_queue = original
        cr.rollback()
    return {'hook_ms': hook_s / EVENTS * 1000, 'with_ms': with_s / EVENTS * 1000,
            'without_ms': without_s / EVENTS * 1000}


def late_job(registry, with_template):
    with registry.cursor() as cr:
        env = env_of(cr)
        running = ('received', 'processing', 'external', 'financial')
        cr.execute("UPDATE hcc_dossier SET deadline_status = 'on_track' "
                   "WHERE state IN %s AND deadline_status != 'on_track'", (running,))
        cr.execute("SELECT count(*) FROM hcc_dossier")
        total = cr.fetchone()[0]
        if with_template:
            env['hcc.sms.template'].create({'name': 'Late', 'event': 'late',
                                            'body': 'HCC: Ho so {code} bi cham.'})
        cr.execute("SELECT count(*) FROM hcc_sms_message")
        before = cr.fetchone()[0]
        t = time.time()
        env['hcc.dossier']._cron_check_deadlines()
        took = time.time() - t
        cr.execute("SELECT count(*) FROM hcc_dossier WHERE deadline_status = 'late' "
                   "AND state IN %s", (running,))
        late = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM hcc_sms_message")
        queued = cr.fetchone()[0] - before
        cr.rollback()
    return {'s': took, 'dossiers': total, 'late': late, 'queued': queued}


def main():
    db = sys.argv[1]
    conf = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, '.data', 'odoo-bench.conf')
    odoo.tools.config.parse_config(['-c', conf, '--log-level', 'warn', '--logfile', '/dev/null'])
    registry = odoo.registry(db)
    with api.Environment.manage():
        what = sys.argv[3:] or ['json', 'smpp', 'event', 'late']
        if 'json' in what:
            with FakeJsonSmsGateway() as fake:
                res = throughput(registry, 'json_http', fake,
                                 {'api_key': 'KEY', 'secret': 'SECRET'})
            print('JSON gateway (loopback): %d messages in %.2f s = %.0f msg/s (queueing %.2f s; '
                  'states %s; fake accepted %d, duplicates %d)'
                  % (res['ran'], res['run_s'], res['rate'], res['queue_s'], res['states'],
                     len(fake.accepted), len(fake.duplicates())))
            if res['rate']:
                print('drain 100,000 queued messages (extrapolated from %d at that rate): %.0f s'
                      % (N, 100000 / res['rate']))
        if 'smpp' in what:
            with FakeSmsc() as fake:
                res = throughput(registry, 'smpp', fake, {'api_key': 'hcc', 'secret': 'secret'})
            print('SMPP SMS centre (loopback): %d messages in %.2f s = %.0f msg/s (states %s; '
                  'SMSC took %d, duplicates %d, binds %d)'
                  % (res['ran'], res['run_s'], res['rate'], res['states'],
                     len(fake.messages()), len(fake.duplicates()), len(fake.binds)))
        if 'event' in what:
            res = event_cost(registry)
            print('SMS hook per receipt event: %.2f ms (_hcc_sms_queue alone); receive_new '
                  '%.1f ms with the hook, %.1f ms without: %.1f ms added (%d receipts each)'
                  % (res['hook_ms'], res['with_ms'], res['without_ms'],
                     res['with_ms'] - res['without_ms'], EVENTS))
        if 'late' in what:
            for with_template in (False, True):
                res = late_job(registry, with_template)
                print('late-dossier job over %d dossiers: %.2f s, %d newly late, %d SMS queued '
                      '(%s)' % (res['dossiers'], res['s'], res['late'], res['queued'],
                                "a 'late' SMS template active" if with_template
                                else 'no late template: the default'))


if __name__ == '__main__':
    main()
