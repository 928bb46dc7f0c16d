{
    'name': 'HCC One-Stop: National Public Service Portal Connector',
    'summary': 'Both ways with the National Public Service Portal: dossiers, progress and '
               'refusals up, the catalogue and online dossiers down, an exchange log',
    'version': '11.0.2.0.0',
    'category': 'Administration',
    'author': 'HCC one-stop suite contributors',
    'license': 'AGPL-3',
    'depends': ['hcc_one_stop'],
    'external_dependencies': {'python': ['zeep', 'pytz', 'requests']},
    'data': [
        'security/ir.model.access.csv',
        'security/hcc_portal_rules.xml',
        'data/ir_config_parameter_data.xml',
        'data/ir_cron_data.xml',
        'views/hcc_portal_exchange_views.xml',
        'views/hcc_dossier_views.xml',
    ],
    'images': ['static/description/icon.png'],
    'installable': True,
}
