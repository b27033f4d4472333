package dev.spacedev.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * HTTPS and HTTP on the proxy's one port, told apart by the first bytes. Micros call their
 * siblings at {@code https://$DETA_SPACE_APP_HOSTNAME/…}, as Space's docs show, and trust the
 * local CA through the variables space-dev sets; browsers keep plain http://localhost. Over TLS
 * static files go in chunks (TLS must see the bytes), so the chunked writer joins the pipeline then.
 *
 * <p>The certificate is loaded after the app has started, off the path to the first plain request:
 * a TLS hello that comes before it asks for it, is held (nothing more is read) and answered once it
 * is there.
 */
final class TlsOrPlain extends ByteToMessageDecoder {
    /**
     * A TLS connection opens with a handshake record (content type 22); an HTTP request with a
     * method's letter. Told from the first byte alone, not with SslHandler.isEncrypted: that
     * initialises Netty's TLS utilities, which set up the JDK's TLS (~250 ms on a cold JVM) on the
     * event loop, in front of the first plain request.
     */
    private static final short TLS_HANDSHAKE = 22;
    /** What a client may send while its hello is held: a hello is a few KB; nothing else comes before the answer. */
    private static final int MAX_HELD = 64 * 1024;
    private final Supplier<CompletableFuture<SslContext>> certificate;
    private CompletableFuture<SslContext> context;

    TlsOrPlain(Supplier<CompletableFuture<SslContext>> certificate) {
        this.certificate = certificate;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (context != null) {
            if (in.readableBytes() > MAX_HELD) {
                ctx.close(); // waiting for the certificate, and this is no client waiting for an answer
            }
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        if (in.getUnsignedByte(in.readerIndex()) != TLS_HANDSHAKE) {
            ctx.pipeline().remove(this); // what was read goes on to the HTTP codec
            return;
        }
        context = certificate.get();
        if (context.isDone()) {
            startTls(ctx);
        } else {
            context.whenComplete((ready, failure) -> ctx.executor().execute(() -> startTls(ctx)));
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        if (context.isCompletedExceptionally()) {
            ctx.close(); // no certificate this run: HTTPS is not served (the data service said why)
            return;
        }
        ctx.pipeline().addAfter(ProxyInitializer.HTTP, "chunked-files", new ChunkedWriteHandler());
        // the bytes held so far go on to the TLS handler as it takes this one's place
        ctx.pipeline().replace(this, "tls", context.join().newHandler(ctx.alloc()));
    }
}
