#pragma once

#include <QString>

namespace Ebb {

// Where Ebb may send records or alerts: an http(s) URL with a host, no user:password in it
// (logs, shells and proxies would keep them), and TLS unless the host is this machine (an
// emulator, a local sandbox).
class HttpUrl
{
public:
    // What is wrong with `text` as such a URL, in a sentence; "" when nothing is.
    static QString problem(const QString& text);
};

} // namespace Ebb
