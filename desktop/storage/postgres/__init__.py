"""The PostgreSQL backend: a project in a server database, for teams (issue 16).

`PostgresStore` (store.py) keeps the same `ProjectStore` contract as the
SQLite `Repository`, mostly through the same table mixins: `adapter.py`
turns their SQL into PostgreSQL's, `schema.py` makes the tables,
`connect.py` reaches the server. Import it only for a `postgresql://`
location (desktop/storage/locate.py decides): psycopg is not loaded otherwise.
"""
