"""The citizen's side of ratings: the counter tablet (/danh-gia/quay/<device
token>), the rating link (/danh-gia/<token>) and "rate this dossier" in My
dossiers. Public pages whose only credential is a token; every POST carries
Odoo's csrf_token. Wrong input gets a Vietnamese page with its status code
(404 unknown, 410 used or expired, 400 refused), never a 500, and nothing is
stored."""
import logging

from odoo import _, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.hcc_one_stop.controllers.common import positive_id, rollback, text_param
from odoo.addons.hcc_one_stop.domain import states

from ..domain import score

_logger = logging.getLogger(__name__)

# a little more than the limit, so an over-long comment is refused, not cut
COMMENT_PARAM_MAX = score.COMMENT_LIMIT * 4


def _message(status, title, message, kiosk=None):
    values = {'status': status, 'title': title, 'message': message, 'kiosk': kiosk}
    return request.render('hcc_rating.rating_message_page', values, status=status)


def _not_found():
    return _message(404, _('Rating page not found'),
                    _('This rating address does not exist. Check that the link was copied '
                      'whole, or rate the dossier from My dossiers.'))


def _gone(reason):
    if reason == 'used':
        return _message(410, _('Already rated'),
                        _('This dossier has already been rated through this link. Thank you.'))
    return _message(410, _('Rating link expired'),
                    _('This rating link has expired. You can still send your opinion to the '
                      'centre by phone or at the counter.'))


def _refused():
    return _message(400, _('Rating not recorded'),
                    _('The rating could not be recorded: choose one of the three levels, and '
                      'keep the comment under %d characters.') % score.COMMENT_LIMIT)


def _read_form(params):
    """(level, {criterion id: level}, comment) from a posted form, or None
    when anything is malformed."""
    try:
        level = score.check_level(text_param(params.get('level'), 4))
        comment = params.get('comment')
        if comment is not None and (not isinstance(comment, str)
                                    or len(comment) > COMMENT_PARAM_MAX):
            return None
        comment = score.clean_comment(comment)
        criteria = {}
        for key, value in params.items():
            if key.startswith('criterion_') and value not in (None, ''):
                criterion_id = positive_id(key[len('criterion_'):])
                if not criterion_id:
                    return None
                criteria[criterion_id] = score.check_level(text_param(value, 4))
        return level, criteria, comment
    except ValueError:
        return None


def _criteria():
    return request.env['hcc.rating.criterion'].sudo().search([])


def _levels():
    """[(key, label)] best first, in the visitor's language."""
    return request.env['hcc.rating']._fields['level']._description_selection(request.env)


def _official(user):
    """What a citizen sees of an official: name and photo, nothing else."""
    user = user.sudo()
    return {'name': user.name, 'image': user.image_medium and user.image_medium.decode()
            if isinstance(user.image_medium, bytes) else user.image_medium}


class HccRatingController(http.Controller):

    # ----------------------------------------------------------- the kiosk
    @http.route('/danh-gia/quay/<string:token>', type='http', auth='public', website=True,
                methods=['GET', 'POST'], sitemap=False)
    def kiosk(self, token, **post):
        counter = request.env['hcc.counter']._from_device_token(token)
        if not counter:
            return _message(404, _('Rating tablet not found'),
                            _('This rating tablet is not (or no longer) registered. Ask the '
                              'centre\'s IT staff for its new address.'))
        values = {'counter': counter, 'token': token, 'criteria': _criteria(), 'levels': _levels(),
                  'thanks': False, 'error': False}
        if request.httprequest.method == 'POST':
            form = _read_form(post)
            log = request.env['hcc.dossier.log'].sudo().browse(positive_id(post.get('log_id')))
            if form is None:
                values['error'] = _('Choose one of the three levels; a comment has at most '
                                    '%d characters.') % score.COMMENT_LIMIT
            else:
                try:
                    result = counter._rate_visit(log.exists(), *form)
                except (UserError, ValidationError):
                    rollback()
                    result = 'refused'
                if not isinstance(result, str):
                    _logger.info('kiosk rating %d recorded at counter %d', result.id, counter.id)
                    values['thanks'] = 'new'
                elif result == 'refused':
                    values['error'] = _('The rating could not be recorded.')
                else:  # 'rated' or 'gone': this visit is over
                    values['thanks'] = 'rated'
        if values['thanks']:
            return request.render('hcc_rating.rating_kiosk_page', values,
                                  status=409 if values['thanks'] == 'rated' else 200)
        log = counter._now_serving()
        if log and request.env['hcc.rating'].sudo().search_count(
                [('visit_key', '=', 'counter:%d' % log.id)]):
            log = log.browse()  # this visit is rated: wait for the next one
        values.update(log=log, official=_official(log.user_id) if log else None,
                      dossier=log.dossier_id.sudo() if log else None)
        return request.render('hcc_rating.rating_kiosk_page', values,
                              status=400 if values['error'] else 200)

    # ------------------------------------------------------------ the link
    def _link_page(self, link, values, status=200):
        dossier = link.dossier_id.sudo()
        officials = dossier.env['hcc.rating']._rated_vals(dossier, {'channel': 'link'})
        users = request.env['res.users'].sudo().browse(
            officials['processing_user_ids'][0][2])
        counter_user = request.env['res.users'].sudo().browse(officials['user_id'] or [])
        values.update({'link': link, 'dossier': dossier, 'criteria': _criteria(), 'levels': _levels(),
                       'counter_official': counter_user.name or '',
                       'processing_officials': ', '.join(users.mapped('name'))})
        return request.render('hcc_rating.rating_link_page', values, status=status)

    def _rate_link(self, link, post, channel):
        form = _read_form(post)
        if form is None:
            return None, _refused()
        try:
            result = link._rate(*form, channel=channel)
        except (UserError, ValidationError):
            rollback()
            return None, _refused()
        if isinstance(result, str):
            return None, _gone(result)
        _logger.info('rating %d recorded through link %d (%s)', result.id, link.id, channel)
        return result, None

    def _rate_or_show(self, link, post, channel, action):
        """The link's page, or the rating it posts: gone links answer 410,
        a recorded rating thanks the citizen (link and My dossiers alike)."""
        status = link._status()
        if status != 'valid':
            return _gone(status)
        if request.httprequest.method == 'POST':
            rating, page = self._rate_link(link, post, channel)
            if page:
                return page
            return _message(200, _('Thank you'),
                            _('Your rating of dossier %s has been recorded.')
                            % rating.dossier_id.name)
        return self._link_page(link, {'action': action})

    @http.route('/danh-gia/<string:token>', type='http', auth='public', website=True,
                methods=['GET', 'POST'], sitemap=False)
    def link(self, token, **post):
        link = request.env['hcc.rating.link'].sudo()._find(token)
        if not link:
            return _not_found()
        return self._rate_or_show(link, post, 'link', '/danh-gia/%s' % link.token)

    # ------------------------------------------------ from "My dossiers"
    def _my_link(self, dossier_id):
        """The rating link of one of the logged-in citizen's own returned
        dossiers (the record rules decide, as on the dossier page), or None."""
        dossier_id = positive_id(dossier_id)
        Dossier = request.env['hcc.dossier']
        if not dossier_id or not Dossier.check_access_rights('read', raise_exception=False):
            return None
        partner = request.env.user.commercial_partner_id
        dossier = Dossier.search([('id', '=', dossier_id),
                                  ('partner_id', 'child_of', [partner.id])])
        if not dossier or dossier.state != states.RETURNED:
            return None
        return request.env['hcc.rating.link'].sudo()._for_dossier(dossier.sudo())

    @http.route('/my/dossiers/<int:dossier_id>/danh-gia', type='http', auth='user',
                website=True, methods=['GET', 'POST'], sitemap=False)
    def portal_rate(self, dossier_id, **post):
        link = self._my_link(dossier_id)
        if not link:
            return _not_found()
        return self._rate_or_show(link, post, 'portal',
                                  '/my/dossiers/%d/danh-gia' % link.dossier_id.id)
