{
    'name': 'HCC One-Stop: National Public Service Portal Connector',
    'summary': 'Push dossiers and their progress to the National Public Service Portal (SOAP, zeep)',
    'version': '11.0.1.0.0',
    'category': 'Administration',
    'author': 'HCC one-stop suite contributors',
    'license': 'AGPL-3',
    'depends': ['hcc_one_stop'],
    'external_dependencies': {'python': ['zeep', 'pytz']},
    'data': [
        'security/ir.model.access.csv',
        'data/ir_config_parameter_data.xml',
        'data/ir_cron_data.xml',
        'views/hcc_portal_outbox_views.xml',
    ],
    'images': ['static/description/icon.png'],
    'installable': True,
}
