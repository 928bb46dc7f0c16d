from odoo import api, fields, models

from ..domain.text import fold

# how far back "most used procedures" on the home page look
POPULAR_DAYS = 90


class HccProcedureWebsite(models.Model):
    """The procedure as the citizen website shows it: published in the
    catalogue, open to online filing, searchable without diacritics, its
    e-form fields."""
    _inherit = 'hcc.procedure'

    field_ids = fields.One2many('hcc.procedure.field', 'procedure_id', string='E-form fields',
                                copy=True)
    website_published = fields.Boolean(string='Published on the website', default=True,
                                       help='Shown in the public procedure catalogue.')
    online_filing = fields.Boolean(
        compute='_compute_online_filing', store=True, index=True, string='Online filing open',
        help='Published, current version and partly or fully online: citizens with an '
             'account may file it from the website.')
    # PostgreSQL's unaccent is not installed by default: the folded text is
    # kept in a column the catalogue searches with a plain LIKE
    search_text = fields.Char(compute='_compute_search_text', store=True, index=True,
                              string='Search text (without diacritics)')
    popularity = fields.Integer(readonly=True, copy=False,
                                help='Dossiers received in the last %d days (refreshed '
                                     'daily): the home page lists the most used.' % POPULAR_DAYS)

    @api.depends('website_published', 'active', 'online_level')
    def _compute_online_filing(self):
        for rec in self:
            rec.online_filing = bool(rec.website_published and rec.active
                                     and rec.online_level in ('partial', 'full'))

    @api.depends('name', 'national_code', 'sector_id.name', 'agency_id.name')
    def _compute_search_text(self):
        for rec in self:
            rec.search_text = fold(' '.join(filter(None, [
                rec.name, rec.national_code, rec.sector_id.name, rec.agency_id.name])))[:1000]

    @api.model
    def _website_domain(self):
        """What the public catalogue lists: current, published versions."""
        return [('website_published', '=', True), ('active', '=', True)]

    @api.model
    def _website_search_domain(self, words=None, sector_id=None, agency_id=None, level=None,
                               online=None):
        domain = self._website_domain()
        for word in fold(words or '').split()[:10]:
            domain.append(('search_text', 'like', word))
        if sector_id:
            domain.append(('sector_id', '=', sector_id))
        if agency_id:
            domain.append(('agency_id', '=', agency_id))
        if level:
            domain.append(('level', '=', level))
        if online:
            domain.append(('online_level', '=', online))
        return domain

    @api.model
    def _cron_refresh_popularity(self):
        """One UPDATE: the dossiers received per procedure in the last days."""
        self.env.cr.execute("""
            UPDATE hcc_procedure p SET popularity = COALESCE(c.n, 0)
              FROM hcc_procedure p2
         LEFT JOIN (SELECT procedure_id, count(*) AS n FROM hcc_dossier
                     WHERE received_at > (now() at time zone 'UTC') - %s * interval '1 day'
                  GROUP BY procedure_id) c ON c.procedure_id = p2.id
             WHERE p.id = p2.id AND p.popularity IS DISTINCT FROM COALESCE(c.n, 0)""",
                            (POPULAR_DAYS,))
        self.invalidate_cache(['popularity'])
        return True

    @api.model
    def _website_centre(self):
        """Address, hotline and opening hours for the website's home page and
        footer: the provincial centre's, the office hours parameter."""
        centre = self.env['hcc.centre'].sudo().search([], limit=1)
        hours = self.env['ir.config_parameter'].sudo().get_param(
            'hcc_one_stop.office_hours', '07:30-11:30,13:30-17:00')
        return {'address': centre.address or self.env.user.company_id.street or '',
                'phone': centre.phone or self.env.user.company_id.phone or '',
                'hours': ', '.join(part.strip().replace('-', '–')
                                   for part in hours.split(',') if part.strip())}

    @api.model
    def _website_home_values(self):
        domain = self._website_domain()
        return {
            'popular': self.search(domain, limit=6, order='popularity desc, name, id'),
            'count': self.search_count(domain),
            'sectors': self.env['hcc.sector'].sudo().search([]),
            'centre': self._website_centre(),
        }
