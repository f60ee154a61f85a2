#include "HttpUrl.h"

#include <QHostAddress>
#include <QUrl>

namespace Ebb {

QString HttpUrl::problem(const QString& text)
{
    const QString quoted = QLatin1Char('"') + text + QLatin1Char('"');
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return QStringLiteral("%1 is not an http(s) URL").arg(quoted);
    if (!url.userInfo().isEmpty())
        return QStringLiteral("a URL must not carry a user name or password (user:pass@host); put the secret in its "
                              "own setting as \"keychain\" or \"env:EBB_…\"");
    const QHostAddress address(url.host());
    const bool loopback = url.host() == QLatin1String("localhost") || (!address.isNull() && address.isLoopback());
    if (url.scheme() == QLatin1String("http") && !loopback)
        return QStringLiteral("%1 is plain http: tokens and records would cross the network unencrypted; use https "
                              "(http is allowed for this machine only, e.g. an emulator on 127.0.0.1)")
            .arg(quoted);
    return {};
}

} // namespace Ebb
