package dev.spacedev.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * HTTPS and HTTP on the proxy's one port, told apart by the first byte. Micros call their
 * siblings at {@code https://$DETA_SPACE_APP_HOSTNAME/…}, as Space's docs show, and trust the
 * local CA through the variables space-dev sets; browsers keep plain http://localhost. Over TLS
 * static files go in chunks (TLS must see the bytes), so the chunked writer joins the pipeline then.
 */
final class TlsOrPlain extends OptionalSslHandler {
    TlsOrPlain(SslContext context) {
        super(context);
    }

    @Override
    protected SslHandler newSslHandler(ChannelHandlerContext context, SslContext sslContext) {
        context.pipeline().addAfter(ProxyInitializer.HTTP, "chunked-files", new ChunkedWriteHandler());
        return super.newSslHandler(context, sslContext);
    }
}
