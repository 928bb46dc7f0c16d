import logging
import random
from datetime import datetime, timedelta

from odoo import api, fields, models

from ..domain import identity, states, timeutil
from .tools import at_time

_logger = logging.getLogger(__name__)

FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hà', 'Lò', 'Hoàng Thị']
MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Quốc', 'Thanh', 'Ngọc', 'Đức', 'Hồng']
GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hải', 'Hạnh', 'Khánh', 'Linh', 'Mai', 'Nam',
         'Phương', 'Quân', 'Sơn', 'Thảo', 'Trang', 'Tuấn', 'Việt', 'Yến']
PLACES = ['Tổ 5, phường Đồng Tâm, TP Yên Bái', 'Thôn 3, xã Minh Quân, huyện Trấn Yên',
          'Tổ 12, phường Nguyễn Thái Học, TP Yên Bái', 'Thôn Đồng Bằng, xã Âu Lâu, TP Yên Bái',
          'Bản Lìm Thái, xã Tú Lệ, huyện Văn Chấn']
COMPANIES = ['Công ty TNHH Chè Suối Giàng', 'Công ty TNHH Quế Văn Yên', 'Doanh nghiệp tư nhân Mộc Hoa',
             'Công ty TNHH Xây dựng Thác Bà']


# The 1 July 2025 merger of the demo: (Yên Bái agency, Lào Cai successor).
MERGER = [('agency_yb_center', 'agency_center'), ('agency_yb_justice', 'agency_justice'),
          ('agency_yb_planning', 'agency_planning'),
          ('agency_yb_environment', 'agency_environment'),
          ('agency_yb_construction', 'agency_construction'),
          ('agency_yb_commune', 'agency_commune'), ('agency_yb_police', 'agency_police')]


class HccDemoGenerator(models.AbstractModel):
    """Demo dossiers made by the real lifecycle methods, with the clock set
    back (a server-side clock no client can set), so every log line and due date is genuine."""
    _name = 'hcc.demo.generator'
    _description = 'Demo dossier generator'

    @api.model
    def generate(self, count=300, days=120, seed=2026, recent=80, recent_days=8, history=True):
        Dossier = self.env['hcc.dossier']
        if Dossier.search_count([]):
            return True  # demo data is loaded again on every update: generate once
        rnd = random.Random(seed)
        real_now = fields.Datetime.from_string(fields.Datetime.now())
        if history:
            self._generate_history(rnd, real_now)
        cal = self.env['hcc.holiday'].get_working_calendar()
        procedures = self.env['hcc.procedure'].search([])
        start = timeutil.to_local(real_now) - timedelta(days=days)
        recent_start = timeutil.to_local(real_now) - timedelta(days=recent_days)
        # four months of history, then a busier last week so queues are full
        for i in range(count + recent):
            if i == count:
                start, days = recent_start, recent_days
            proc = procedures[rnd.randrange(len(procedures))]
            received = self._random_time(rnd, cal, start, days)
            if timeutil.to_utc(received) >= real_now:
                continue
            # recent weeks: more online filings than in the history
            vals = self._applicant(rnd, proc, channels=('1', '1', '1', '2', '2', '3'))
            if vals['channel'] == '2' and real_now - timeutil.to_utc(received) < timedelta(days=4) \
                    and rnd.random() < 0.5:
                # online filings still waiting for the receiving officer
                at_time(Dossier, fields.Datetime.to_string(timeutil.to_utc(received))).create(vals)
                continue
            self._play(Dossier, vals, received, real_now, rnd, cal)
        citizen = self.env.ref('hcc_one_stop.user_citizen', raise_if_not_found=False)
        if citizen:
            Dossier.search([('channel', '=', '2'), ('name', '!=', False)], limit=4).write(
                {'partner_id': citizen.partner_id.id, 'applicant_name': citizen.name,
                 'applicant_email': citizen.email})
        at_time(Dossier, fields.Datetime.to_string(real_now))._cron_check_deadlines()
        return True

    def _generate_history(self, rnd, real_now, before=50, after=40):
        """Dossiers on both sides of 1 July 2025: Yên Bái's agencies under
        Decree 61/2018 (the provincial centre receives no commune-level
        procedure), the merger into the new Lào Cai province's agencies with
        dossiers still open that day, then Decree 118/2025 and, from 15
        September 2025, Circular 03/2025."""
        pairs = [(self.env.ref('hcc_one_stop.' + old, raise_if_not_found=False),
                  self.env.ref('hcc_one_stop.' + new, raise_if_not_found=False))
                 for old, new in MERGER]
        if not all(old and new for old, new in pairs):
            return False
        for year in (2025,):
            self.env['hcc.holiday'].generate_year(year)
        cal = self.env['hcc.holiday'].get_working_calendar()
        staff = self._staff()
        Dossier = self.env['hcc.dossier']
        old_of = dict((new.id, old.id) for old, new in pairs)
        procedures = self.env['hcc.procedure'].search([('agency_id', 'in', list(old_of))])
        # before the merger the procedures were the Yên Bái agencies' (no
        # dossier yet: changed in place, no new version)
        for proc in procedures:
            proc.write({'agency_id': old_of[proc.agency_id.id]})
        merger_day = datetime(2025, 7, 1)
        merger_utc = timeutil.to_utc(merger_day)
        open_at_merger = []
        old_rules = procedures.filtered(lambda p: p.level != 'commune')
        for _i in range(before):
            when = self._random_time(rnd, cal, datetime(2025, 5, 5), 56)
            proc = old_rules[rnd.randrange(len(old_rules))]
            fate, speed = rnd.random(), rnd.choice([0.5, 0.7, 0.9, 1.0, 1.4])
            d = self._receive(Dossier, self._applicant(rnd, proc), when, rnd, staff, fate)
            if d:
                self._walk(Dossier, d, when, merger_utc, rnd, cal, staff, fate, speed)
                open_at_merger.append((d, fate, speed))
        for old, new in pairs:
            self.env['hcc.agency.merge'].create({
                'agency_ids': [(6, 0, [old.id])], 'successor_id': new.id,
                'date': '2025-07-01'}).action_merge()
        for d, fate, speed in open_at_merger:
            if Dossier.browse(d.id).state in states.OPEN_STATES:
                self._walk(Dossier, d, merger_day, real_now, rnd, cal, staff, fate, speed)
        procedures = self.env['hcc.procedure'].search([])
        for _i in range(after):
            when = self._random_time(rnd, cal, merger_day, 120)
            proc = procedures[rnd.randrange(len(procedures))]
            self._play(Dossier, self._applicant(rnd, proc), when, real_now, rnd, cal, staff)
        return True

    def _random_time(self, rnd, cal, start, days):
        return cal.add_working_hours(
            cal.next_working_start(start + timedelta(minutes=rnd.randrange(days * 24 * 60))),
            rnd.random() * 3)

    def _applicant(self, rnd, proc, channels=('1', '1', '1', '2', '3')):
        org = proc.sector_id.code == 'DN' and rnd.random() < 0.7
        vals = {
            'procedure_id': proc.id,
            'applicant_type': 'organisation' if org else 'citizen',
            'applicant_name': (rnd.choice(COMPANIES) if org else
                               '%s %s %s' % (rnd.choice(FAMILY), rnd.choice(MIDDLE), rnd.choice(GIVEN))),
            'applicant_id_number': '015%d%02d%06d' % (rnd.choice([0, 1, 2, 3]), rnd.randrange(100),
                                                      rnd.randrange(10 ** 6)),
            'applicant_phone': '09%08d' % rnd.randrange(10 ** 8),
            'applicant_address': rnd.choice(PLACES),
            'channel': rnd.choice(channels),
        }
        if org:
            vals['applicant_tax_code'] = self._tax_code(rnd)
        return vals

    def _receive(self, Dossier, vals, when, rnd, staff, fate):
        """A dossier received at a counter at `when` (None when refused)."""
        desk = self._actor(staff, None, 'desk', rnd)
        if desk.hcc_counter_id:
            vals = dict(vals, counter_id=desk.hcc_counter_id.id)
        env = at_time(Dossier, fields.Datetime.to_string(timeutil.to_utc(when))).sudo(desk)
        d = env.create(vals)
        d.document_ids.write({'received': True})
        if fate < 0.04:
            env.browse(d.id).action_refuse('Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan')
            return None
        env.browse(d.id).action_receive()
        return d

    @staticmethod
    def _tax_code(rnd):
        while True:
            nine = '52%07d' % rnd.randrange(10 ** 7)
            check = identity.tax_code_check_digit(nine)
            if check is not None and 0 <= check <= 9:
                return nine + str(check)

    def _staff(self):
        """The demo officials by job: the lifecycle is played as them (their
        access rules apply), so each one's queue and log look lived in."""
        def members(xmlid):
            group = self.env.ref(xmlid, raise_if_not_found=False)
            return group.users.filtered(lambda u: u.id != self.env.uid) if group else group
        desk = members('hcc_one_stop.group_hcc_receiving') - members('hcc_one_stop.group_hcc_manager')
        return {'desk': desk, 'head': members('hcc_one_stop.group_hcc_head'),
                'manager': members('hcc_one_stop.group_hcc_manager')}

    def _actor(self, staff, rec, kind, rnd):
        """Who does `kind` of work on `rec`: the desk, the holding department
        (its head for signing steps), or the one who sent it out."""
        if kind == 'desk' and staff['desk']:
            return staff['desk'][rnd.randrange(len(staff['desk']))]
        if kind == 'sender':
            sender = rec.log_ids.filtered(lambda l: l.to_step_name)[-1:].user_id
            if sender:
                return sender
        people = rec.current_department_id.hcc_user_ids
        heads = people & staff['head']
        if kind == 'head' or rec.current_step_id.role == 'head':
            people = heads or people
        elif people - heads:
            people = people - heads
        if people:
            return people[rnd.randrange(len(people))]
        return staff['manager'][:1] or self.env.user

    def _play(self, Dossier, vals, when, real_now, rnd, cal, staff=None):
        """Walk one dossier through its process until the clock reaches now."""
        staff = staff or self._staff()

        def at(local_dt, rec=None, kind='desk'):
            env = at_time(Dossier, fields.Datetime.to_string(timeutil.to_utc(local_dt)))
            return env.sudo(self._actor(staff, rec, kind, rnd)) if rec is not None else env

        desk = self._actor(staff, None, 'desk', rnd)
        if desk.hcc_counter_id:
            vals = dict(vals, counter_id=desk.hcc_counter_id.id)
        d = at(when).sudo(desk).create(vals)
        d.document_ids.write({'received': True})
        fate = rnd.random()
        if fate < 0.04:
            at(when).sudo(desk).browse(d.id).action_refuse(
                'Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan')
            return
        at(when).sudo(desk).browse(d.id).action_receive()
        speed = rnd.choice([0.3, 0.5, 0.7, 0.9, 1.0, 1.4])  # share of each budget used
        return self._walk(Dossier, d, when, real_now, rnd, cal, staff, fate, speed)

    def _walk(self, Dossier, d, now, real_now, rnd, cal, staff, fate, speed):
        """Work a received dossier from `now` until it is settled or the
        clock reaches `real_now`; returns the time it stopped at."""
        def at(local_dt, rec=None, kind='desk'):
            env = at_time(Dossier, fields.Datetime.to_string(timeutil.to_utc(local_dt)))
            return env.sudo(self._actor(staff, rec, kind, rnd)) if rec is not None else env

        # a dossier walked again (after the merger) keeps what happened to it
        asked_supplement, apologised = bool(d.supplement_count), bool(d.apology_date)
        while True:
            rec = Dossier.browse(d.id)
            step = rec.current_step_id
            if rec.state == states.DONE or rec.state in states.FINAL_STATES:
                break
            now = cal.add_working_hours(now, max(0.25, step.budget_amount * (
                cal.hours_per_day if step.budget_unit == 'day' else 1) * speed * rnd.uniform(0.6, 1.2)))
            if timeutil.to_utc(now) >= real_now:
                if not apologised and rec.due_at and rnd.random() < 0.3 and speed > 1:
                    self._apologise(at, rec, now, cal, real_now)
                break
            if rec.state == states.SUPPLEMENT:
                if fate < 0.07:
                    at(now, rec, 'head').browse(d.id).action_stop(
                        'Quá thời hạn bổ sung hồ sơ mà công dân không bổ sung')
                else:
                    at(now, rec, 'desk').browse(d.id).action_supplement_received(
                        'Công dân đã bổ sung đủ giấy tờ')
                continue
            if rec.state == states.EXTERNAL:
                at(now, rec, 'sender').browse(d.id).action_external_answered(
                    'Công an tỉnh đã trả kết quả tra cứu')
                continue
            if rec.state == states.FINANCIAL:
                at(now, rec, 'dept').browse(d.id).action_financial_paid('Đã nộp phí, lệ phí')
                continue
            if rec.procedure_id.fee_total and rec.state == states.PROCESSING \
                    and step.role == 'head' and 'request_financial' not in rec.log_ids.mapped('action'):
                at(now, rec, 'dept').browse(d.id).action_request_financial('Đề nghị nộp phí, lệ phí trước khi ký')
                continue
            if not asked_supplement and fate > 0.88 and rec.state == states.PROCESSING:
                asked_supplement = True
                at(now, rec, 'dept').browse(d.id).action_request_supplement('Thiếu bản sao giấy tờ tùy thân có chứng thực')
                continue
            if fate > 0.985:
                at(now, rec, 'desk').browse(d.id).action_withdraw('Công dân xin rút hồ sơ')
                break
            if not apologised and speed > 1 and rnd.random() < 0.5:
                apologised = self._apologise(at, rec, now, cal, real_now)
            if rec._step_after(step):
                at(now, rec, 'dept').browse(d.id).action_next_step()
            elif rec.state == states.PROCESSING:
                at(now, rec, 'dept').browse(d.id).action_finish()
                later = cal.add_working_hours(now, rnd.uniform(1, 20))
                if timeutil.to_utc(later) < real_now and rnd.random() < 0.85:
                    at(later, rec, 'desk').browse(d.id).action_return_result(
                        'post' if rec.channel == '3' and rec.procedure_id.postal_return else 'counter')
                break
            else:
                break

    def _apologise(self, at, rec, now, cal, real_now):
        rec.invalidate_cache(['apology_date', 'due_at'], rec.ids)
        if not rec.due_at or rec.apology_date:
            return False  # no appointment to move (no legal time limit), or moved once
        due = timeutil.to_local(fields.Datetime.from_string(rec.due_at))
        if cal.working_hours_between(now, due) < cal.hours_per_day:
            return False
        new_due = cal.add_working_days(due, 3)
        at(now, rec, 'head').browse(rec.id).action_apologise(
            'Hồ sơ phải xác minh thêm thông tin tại cơ quan liên quan',
            fields.Datetime.to_string(timeutil.to_utc(new_due)))
        return True
