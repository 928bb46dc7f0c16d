{
    'name': 'HCC One-Stop: Satisfaction Ratings',
    'summary': 'Citizen satisfaction per dossier, official and agency; follow-up of low ratings',
    'version': '11.0.1.0.0',
    'category': 'Administration',
    'author': 'HCC one-stop suite contributors',
    'license': 'AGPL-3',
    'depends': ['hcc_one_stop'],
    'data': [
        'security/ir.model.access.csv',
        'views/hcc_rating_views.xml',
    ],
    'images': ['static/description/icon.png'],
    'installable': True,
}
