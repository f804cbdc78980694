// The floor for the HTTP API's throughput (docs/benchmarks.md, issue 16): a minimal
// QHttpServer that answers every request with the bytes of one file, as fast as Qt's HTTP
// server can. Usage: rampart_bench_minimal_http BODY_FILE PORT
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponder>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: rampart_bench_minimal_http BODY_FILE PORT\n");
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    const QByteArray body = file.readAll();
    QHttpServer server;
    server.setMissingHandler([&body](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        responder.write(body, "application/json");
    });
    if (server.listen(QHostAddress::LocalHost, static_cast<quint16>(QByteArray(argv[2]).toUShort())) == 0) {
        std::fprintf(stderr, "cannot listen on port %s\n", argv[2]);
        return 1;
    }
    return app.exec();
}
