-- The database and the least-privileged role the Headstart daemons share, run once by a
-- PostgreSQL administrator:
--   psql -v role=headstart -v database=headstart -v password="'...'" -f Deploy/shared/postgres-roles.sql
--
-- The daemons' role logs in, owns the `headstart` schema of that database (so it creates and
-- migrates its tables there at start-up) and nothing else: no superuser, no CREATEDB, no
-- CREATEROLE, no rights on the `public` schema or on other databases. Advisory locks
-- (leadership, write order) and LISTEN/NOTIFY need no grants.

CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD :password;
CREATE DATABASE :"database";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"role";

\connect :"database"
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA headstart AUTHORIZATION :"role";
ALTER ROLE :"role" IN DATABASE :"database" SET search_path = headstart;
