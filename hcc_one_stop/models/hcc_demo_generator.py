import logging
import random
from datetime import datetime, timedelta

from odoo import api, fields, models

from ..domain import identity, timeutil

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


class HccDemoGenerator(models.AbstractModel):
    """Demo dossiers made by the real lifecycle methods, with the clock set
    back (context hcc_now), so every log line and due date is genuine."""
    _name = 'hcc.demo.generator'
    _description = 'Demo dossier generator'

    @api.model
    def generate(self, count=300, days=120, seed=2026, recent=80, recent_days=8):
        Dossier = self.env['hcc.dossier']
        if Dossier.search_count([]):
            return True  # demo data is loaded again on every update: generate once
        rnd = random.Random(seed)
        cal = self.env['hcc.holiday'].get_working_calendar()
        procedures = self.env['hcc.procedure'].search([])
        real_now = fields.Datetime.from_string(fields.Datetime.now())
        start = timeutil.to_local(real_now) - timedelta(days=days)
        recent_start = timeutil.to_local(real_now) - timedelta(days=recent_days)
        # four months of history, then a busier last week so queues are full
        for i in range(count + recent):
            if i == count:
                start, days = recent_start, recent_days
            proc = procedures[rnd.randrange(len(procedures))]
            received = cal.add_working_hours(
                cal.next_working_start(start + timedelta(minutes=rnd.randrange(days * 24 * 60))),
                rnd.random() * 3)
            if timeutil.to_utc(received) >= real_now:
                continue
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
                'channel': rnd.choice(['1', '1', '1', '2', '2', '3']),
            }
            if org:
                vals['applicant_tax_code'] = self._tax_code(rnd)
            if vals['channel'] == '2' and real_now - timeutil.to_utc(received) < timedelta(days=4) \
                    and rnd.random() < 0.5:
                # online filings still waiting for the receiving officer
                Dossier.with_context(hcc_now=fields.Datetime.to_string(timeutil.to_utc(received))) \
                    .create(vals)
                continue
            self._play(Dossier, vals, received, real_now, rnd, cal)
        citizen = self.env.ref('hcc_one_stop.user_citizen', raise_if_not_found=False)
        if citizen:
            Dossier.search([('channel', '=', '2'), ('name', '!=', False)], limit=4).write(
                {'partner_id': citizen.partner_id.id, 'applicant_name': citizen.name,
                 'applicant_email': citizen.email})
        Dossier.with_context(hcc_now=fields.Datetime.to_string(real_now))._cron_check_deadlines()
        return True

    @staticmethod
    def _tax_code(rnd):
        while True:
            nine = '52%07d' % rnd.randrange(10 ** 7)
            check = identity.tax_code_check_digit(nine)
            if check is not None and 0 <= check <= 9:
                return nine + str(check)

    def _play(self, Dossier, vals, when, real_now, rnd, cal):
        """Walk one dossier through its process until the clock reaches now."""
        def at(local_dt):
            return Dossier.with_context(hcc_now=fields.Datetime.to_string(timeutil.to_utc(local_dt)))

        d = at(when).create(vals)
        d.document_ids.write({'received': True})
        fate = rnd.random()
        if fate < 0.04:
            at(when).browse(d.id).action_refuse('Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan')
            return
        at(when).browse(d.id).action_receive()
        now = when
        speed = rnd.choice([0.3, 0.5, 0.7, 0.9, 1.0, 1.4])  # share of each budget used
        asked_supplement = apologised = False
        while True:
            rec = Dossier.browse(d.id)
            step = rec.current_step_id
            if rec.state in ('done', 'returned', 'withdrawn', 'stopped'):
                break
            now = cal.add_working_hours(now, max(0.25, step.budget_amount * (
                cal.hours_per_day if step.budget_unit == 'day' else 1) * speed * rnd.uniform(0.6, 1.2)))
            if timeutil.to_utc(now) >= real_now:
                if not apologised and rec.due_at and rnd.random() < 0.3 and speed > 1:
                    self._apologise(at, rec, now, cal, real_now)
                break
            ctx = at(now).browse(d.id)
            if rec.state == 'supplement':
                if fate < 0.07:
                    ctx.action_stop('Quá thời hạn bổ sung hồ sơ mà công dân không bổ sung')
                else:
                    ctx.action_supplement_received('Công dân đã bổ sung đủ giấy tờ')
                continue
            if rec.state == 'external':
                ctx.action_external_answered('Công an tỉnh đã trả kết quả tra cứu')
                continue
            if rec.state == 'financial':
                ctx.action_financial_paid('Đã nộp phí, lệ phí')
                continue
            if rec.procedure_id.fee_total and rec.state == 'processing' \
                    and step.role == 'head' and 'request_financial' not in rec.log_ids.mapped('action'):
                ctx.action_request_financial('Đề nghị nộp phí, lệ phí trước khi ký')
                continue
            if not asked_supplement and fate > 0.88 and rec.state == 'processing':
                asked_supplement = True
                ctx.action_request_supplement('Thiếu bản sao giấy tờ tùy thân có chứng thực')
                continue
            if fate > 0.985:
                ctx.action_withdraw('Công dân xin rút hồ sơ')
                break
            if not apologised and speed > 1 and rnd.random() < 0.5:
                apologised = self._apologise(at, rec, now, cal, real_now)
            if rec._step_after(step):
                ctx.action_next_step()
            elif rec.state == 'processing':
                ctx.action_finish()
                later = cal.add_working_hours(now, rnd.uniform(1, 20))
                if timeutil.to_utc(later) < real_now and rnd.random() < 0.85:
                    at(later).browse(d.id).action_return_result(
                        'post' if rec.channel == '3' and rec.procedure_id.postal_return else 'counter')
                break
            else:
                break

    def _apologise(self, at, rec, now, cal, real_now):
        due = timeutil.to_local(fields.Datetime.from_string(rec.due_at))
        if cal.working_hours_between(now, due) < cal.hours_per_day:
            return False
        new_due = cal.add_working_days(due, 3)
        at(now).browse(rec.id).action_apologise(
            'Hồ sơ phải xác minh thêm thông tin tại cơ quan liên quan',
            fields.Datetime.to_string(timeutil.to_utc(new_due)))
        return True
