import HeadstartStore
import Testing

/// `--store` read as libpq reads a URL, with the `PG*` environment as defaults.
@Suite struct StoreLocationTests {
    static let none: [String: String] = [:]

    @Test(arguments: [
        ("postgres:///headstart?host=/run/postgresql", PostgresLocation.Endpoint.socket(path: "/run/postgresql/.s.PGSQL.5432"), "app", "headstart"),
        ("postgresql://hs@/db?host=/tmp/pg&port=5433", .socket(path: "/tmp/pg/.s.PGSQL.5433"), "hs", "db"),
        ("postgres://hs:secret@db.example.com:6543/plans", .tcp(host: "db.example.com", port: 6543), "hs", "plans"),
        ("postgres://db.example.com/plans?user=ops", .tcp(host: "db.example.com", port: 5432), "ops", "plans"),
        ("postgres://%2Fvar%2Frun%2Fpostgresql/headstart", .socket(path: "/var/run/postgresql/.s.PGSQL.5432"), "app", "headstart"),
        ("postgres://", .socket(path: "/run/postgresql/.s.PGSQL.5432"), "app", "app"),
    ])
    func urlsReadAsLibpqReadsThem(url: String, endpoint: PostgresLocation.Endpoint, user: String, database: String) throws {
        let location = try PostgresLocation(url: url, environment: ["PGUSER": "app"])
        #expect(location.endpoint == endpoint)
        #expect(location.username == user)
        #expect(location.database == database)
    }

    @Test func theEnvironmentFillsWhatTheURLLeavesOut() throws {
        let location = try PostgresLocation(
            url: "postgres://",
            environment: [
                "PGHOST": "pg.internal", "PGPORT": "5444", "PGUSER": "hs",
                "PGPASSWORD": "pw", "PGDATABASE": "shared", "PGSSLMODE": "require",
            ]
        )
        #expect(location.endpoint == .tcp(host: "pg.internal", port: 5444))
        #expect(location.password == "pw" && location.database == "shared" && location.tlsMode == .require)
    }

    @Test func passwordsNeverShowInDescriptions() throws {
        let location = try StoreLocation.parse("postgres://hs:s3cret@db.example.com/plans", environment: Self.none)
        #expect(location.isShared)
        #expect(!location.description.contains("s3cret"))
        #expect(location.description == "postgres://hs@db.example.com:5432/plans")
    }

    @Test(arguments: [
        ("mysql://db/plans", "is not a store"),
        ("postgres://db/plans?sslmode=sometimes", "sslmode 'sometimes'"),
        ("postgres://db/plans?pool=9", "unknown parameter 'pool'"),
        ("postgres://db/plans?port=99999", "port '99999'"),
        ("sqlite:", "needs a file path"),
    ])
    func badLocationsAreRefusedWithTheReason(text: String, reason: String) {
        #expect {
            _ = try StoreLocation.parse(text, environment: ["PGUSER": "app"])
        } throws: { error in
            (error as? StoreError)?.code == .badLocation && (error as? StoreError)?.message.contains(reason) == true
        }
    }

    /// Every shape of a store text that carries a password: the error quotes it without the
    /// password (each of these printed it).
    @Test(arguments: [
        "pg://hs:s3cr3t@db/plans", "postgres:/hs:s3cr3t@db/plans", "postgres:hs:s3cr3t@db", "hs:s3cr3t@db/plans",
        "postgres://hs@db/plans?password=s3cr3t&port=x", "postgres://hs:s3cr3t@db:notaport/plans",
        "postgres://hs@db/plans?sslmode=nope&password=s3cr3t", "postgres://hs:s3cr3t@db/plans?bogus=1", "mysql://root:s3cr3t@db",
        "POSTGRES://hs:s3cr3t@db/plans?sslmode=bad", "postgres://hs:s3cr3t@[db/plans", "postgres://hs@db/p?PASSWORD=s3cr3t&host=%zz",
    ])
    func aRefusedStoreNeverShowsItsPassword(_ text: String) {
        do {
            let location = try StoreLocation.parse(text, environment: Self.none)
            #expect(!location.description.contains("s3cr3t"), "\(location)")
        } catch {
            #expect(!error.message.contains("s3cr3t"), "\(error.message)")
        }
    }

    @Test func theSchemeIsCaseInsensitive() throws {
        guard case .postgres(let location) = try StoreLocation.parse("POSTGRES://hs:pw@db.example.com/plans", environment: Self.none) else {
            Issue.record("not a PostgreSQL location")
            return
        }
        #expect(location.username == "hs" && location.database == "plans")
    }

    @Test func sqliteIsAPath() throws {
        #expect(
            try StoreLocation.parse("sqlite:/var/lib/headstart/headstart.sqlite", environment: Self.none)
                == .sqlite(path: "/var/lib/headstart/headstart.sqlite")
        )
        #expect(try StoreLocation.parse("sqlite:///srv/hs.sqlite", environment: Self.none) == .sqlite(path: "/srv/hs.sqlite"))
        let relative = try StoreLocation.parse("sqlite:hs.sqlite", environment: Self.none)
        #expect(!relative.isShared)
    }
}
