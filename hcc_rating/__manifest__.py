{
    'name': 'HCC One-Stop: Satisfaction Ratings',
    'summary': 'Citizens rate the officials who served them and the agency: counter tablet, '
               'rating link, portal; statistics, Decision 766 index, follow-up of low ratings',
    'version': '11.0.1.1.0',
    'category': 'Administration',
    'author': 'HCC one-stop suite contributors',
    'license': 'AGPL-3',
    'depends': ['hcc_one_stop'],
    'data': [
        'security/ir.model.access.csv',
        'security/hcc_rating_rules.xml',
        'data/hcc_rating_data.xml',
        'data/hcc_rating_config_data.xml',
        'views/hcc_rating_views.xml',
        'views/hcc_rating_templates.xml',
        'report/hcc_rating_reports.xml',
    ],
    'images': ['static/description/icon.png'],
    'installable': True,
}
