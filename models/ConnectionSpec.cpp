#include "ConnectionSpec.h"

#include <QUrl>

namespace Ebb {

namespace {

// A URL reduced to what decides where a request goes: scheme, host (lower case), port and
// path without a trailing slash. User info, query and fragment are dropped.
QString normalizedUrl(const QString& text)
{
    const QUrl url(text.trimmed());
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("invalid:") + text.trimmed();
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == QLatin1String("http") ? 80 : 443);
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return QStringLiteral("%1://%2:%3%4").arg(scheme, url.host(QUrl::FullyEncoded).toLower()).arg(port).arg(path);
}

} // namespace

std::optional<SecretRef> ConnectionSpec::secret(const QString& key) const
{
    if (!json.contains(key))
        return std::nullopt;
    return SecretRef::parse(json.value(key).toString());
}

QString ConnectionSpec::secretTarget() const
{
    if (kind == QLatin1String("postgres")) {
        const QString user = QString::fromUtf8(QUrl::toPercentEncoding(string(QStringLiteral("user"))));
        const QString database = QString::fromUtf8(QUrl::toPercentEncoding(string(QStringLiteral("database"))));
        QString host = string(QStringLiteral("host")).trimmed().toLower();
        if (host.contains(QLatin1Char(':')))
            host = QLatin1Char('[') + host + QLatin1Char(']'); // IPv6
        return QStringLiteral("postgres://%1@%2:%3/%4")
            .arg(user, host)
            .arg(integer(QStringLiteral("port"), 5432))
            .arg(database);
    }
    if (kind == QLatin1String("zendesk")) // one account's API, as one agent
        return QStringLiteral("zendesk %1 %2")
            .arg(normalizedUrl(string(QStringLiteral("baseUrl"))), string(QStringLiteral("email")).trimmed().toLower());
    for (const char* urlKey : {"baseUrl", "instanceUrl", "url"}) {
        if (json.contains(QLatin1String(urlKey)))
            return kind + QLatin1Char(' ') + normalizedUrl(string(QLatin1String(urlKey)));
    }
    return kind + QStringLiteral(" ") + id; // kinds without a remote end (sqlite, file) hold no secrets
}

} // namespace Ebb
