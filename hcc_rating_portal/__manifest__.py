{
    'name': 'HCC One-Stop: Ratings to the National Portal',
    'summary': 'Glue: satisfaction ratings pushed to the National Public Service Portal '
               '(DongBoDanhGia) when both the ratings and the connector are installed',
    'version': '11.0.1.0.0',
    'category': 'Administration',
    'author': 'HCC one-stop suite contributors',
    'license': 'AGPL-3',
    'depends': ['hcc_rating', 'hcc_national_portal_connector'],
    'data': [],
    'images': ['static/description/icon.png'],
    'installable': True,
    # neither addon depends on the other: this one comes with the pair
    'auto_install': True,
}
