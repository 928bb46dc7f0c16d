odoo.define('hcc_one_stop.backend', function (require) {
"use strict";
/**
 * The counter's backend helpers:
 * - the client action `hcc_print_forms` opens the slips (PDF) in a new tab,
 *   ready to print, instead of downloading a file, and reloads the form;
 * - a dossier form goes back to read mode after a lifecycle button;
 * - the `hcc_phone` widget shows a stored phone (84912345678) as people
 *   write it (0912 345 678);
 * - a barcode scanner's input (the code then Enter) in the dossiers' search
 *   box opens the dossier.
 */
var core = require('web.core');
var basic_fields = require('web.basic_fields');
var field_registry = require('web.field_registry');
var FormController = require('web.FormController');
var SearchView = require('web.SearchView');
var CrashManager = require('web.CrashManager');
var datepicker = require('web.datepicker');

var _t = core._t;

function printInFrame(url) {
    // the browser refused a new tab: print from a hidden frame instead
    var frame = document.createElement('iframe');
    frame.style.display = 'none';
    frame.src = url;
    frame.onload = function () {
        try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (e) { /* viewer */ }
    };
    document.body.appendChild(frame);
}

function printForms(parent, action) {
    var urls = (action.params && action.params.urls) || [];
    _.each(urls, function (url) {
        var tab = window.open(url, '_blank');
        if (!tab) {
            printInFrame(url);
        }
    });
    // closes a dialog if the action came from one, and reloads the form
    return {type: 'ir.actions.act_window_close'};
}
core.action_registry.add('hcc_print_forms', printForms);

FormController.include({
    _callButtonAction: function () {
        var self = this;
        var def = this._super.apply(this, arguments);
        if (this.modelName === 'hcc.dossier') {
            def.then(function () {
                if (!self.isDestroyed() && self.mode === 'edit' && !self.model.isDirty(self.handle)) {
                    self._setMode('readonly');
                }
            });
        }
        return def;
    },
});

function formatPhone(value) {
    var digits = (value || '').replace(/[^0-9]/g, '');
    var national = /^84[0-9]{9,10}$/.test(digits) ? '0' + digits.slice(2) : digits;
    if (/^0[35789][0-9]{8}$/.test(national)) {
        return national.slice(0, 4) + ' ' + national.slice(4, 7) + ' ' + national.slice(7);
    }
    if (/^02[0-9]{9}$/.test(national)) {
        var area = (national.slice(0, 3) === '024' || national.slice(0, 3) === '028') ? 3 : 4;
        var rest = national.slice(area);
        return national.slice(0, area) + ' ' + rest.slice(0, 4) + ' ' + rest.slice(4);
    }
    return value || '';
}

var FieldHccPhone = basic_fields.InputField.extend({
    className: 'o_field_char o_hcc_phone',
    supportedFieldTypes: ['char'],
    _formatValue: function (value) {
        return formatPhone(value);
    },
});
field_registry.add('hcc_phone', FieldHccPhone);

// A dossier code as the slips print it (e.g. 000.00.15.H64-260302-0001).
var CODE_RE = /^[A-Za-z0-9.]+-[0-9]{6}-[A-Za-z]{0,4}[0-9]{4,}$/;

SearchView.include({
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            if (!self.dataset || self.dataset.model !== 'hcc.dossier') {
                return;
            }
            // capture: before the autocomplete turns Enter into a facet
            self.el.addEventListener('keydown', function (ev) {
                if (ev.which !== 13 || !$(ev.target).hasClass('o_searchview_input')) {
                    return;
                }
                var code = (ev.target.value || '').trim();
                if (!CODE_RE.test(code)) {
                    return;
                }
                ev.preventDefault();
                ev.stopPropagation();
                self._hccOpenCode(code, ev.target);
            }, true);
        });
    },
    _hccOpenCode: function (code, input) {
        var self = this;
        return this._rpc({
            model: 'hcc.dossier',
            method: 'hcc_find_by_code',
            args: [code],
        }).then(function (id) {
            if (!id) {
                self.do_warn(_t('Dossier not found'), _.str.sprintf(_t('No dossier with the code %s.'), code));
                return;
            }
            $(input).val('');
            return self.do_action({
                type: 'ir.actions.act_window',
                res_model: 'hcc.dossier',
                res_id: id,
                views: [[false, 'form']],
                target: 'current',
            });
        });
    },
});

// A business warning (UserError) is titled "Odoo Server Error" by the
// server's JSON-RPC layer, untranslated: show it as a warning.
CrashManager.include({
    show_warning: function (error) {
        if (error && (error.type || error.message) === 'Odoo Server Error') {
            error = _.extend({}, error, {type: _t('Warning'), message: _t('Warning')});
        }
        return this._super(error);
    },
});

// The date pickers' tooltips in the user's language.
datepicker.DateWidget.include({
    init: function () {
        this._super.apply(this, arguments);
        this.options.tooltips = _.defaults(this.options.tooltips || {}, {
            today: _t('Go to today'), clear: _t('Clear selection'), close: _t('Close the picker'),
            selectMonth: _t('Select Month'), prevMonth: _t('Previous Month'),
            nextMonth: _t('Next Month'), selectYear: _t('Select Year'),
            prevYear: _t('Previous Year'), nextYear: _t('Next Year'),
            selectDecade: _t('Select Decade'), prevDecade: _t('Previous Decade'),
            nextDecade: _t('Next Decade'), prevCentury: _t('Previous Century'),
            nextCentury: _t('Next Century'), pickHour: _t('Pick Hour'),
            incrementHour: _t('Increment Hour'), decrementHour: _t('Decrement Hour'),
            pickMinute: _t('Pick Minute'), incrementMinute: _t('Increment Minute'),
            decrementMinute: _t('Decrement Minute'), pickSecond: _t('Pick Second'),
            incrementSecond: _t('Increment Second'), decrementSecond: _t('Decrement Second'),
            togglePeriod: _t('Toggle Period'), selectTime: _t('Select Time'),
        });
    },
});

return {formatPhone: formatPhone, FieldHccPhone: FieldHccPhone};
});
