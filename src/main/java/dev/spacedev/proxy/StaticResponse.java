package dev.spacedev.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.util.List;

/** Answers a request routed to a static micro: the file, a redirect to a directory, 404 or 405. */
final class StaticResponse {
    private StaticResponse() {}

    static ChannelFuture serve(ChannelHandlerContext ctx, HttpRequest request, Target.StaticSite site, Router.Match<Target> match) {
        StaticFiles.Lookup lookup = site.files().lookup(request, match.path(), match.prefix());
        try {
            if (lookup instanceof StaticFiles.Found found) {
                return StaticFileResponder.respond(ctx, request, found.file());
            }
        } catch (IOException e) {
            lookup = new StaticFiles.Missing(); // gone between lookup and open
        }
        FullHttpResponse response;
        if (lookup instanceof StaticFiles.Redirect redirect) {
            response = ErrorResponses.redirect(redirect.location());
        } else if (lookup instanceof StaticFiles.BadMethod) {
            response = ErrorResponses.build(request, ProxyError.METHOD_NOT_ALLOWED);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            response = ErrorResponses.build(request, ProxyError.NOT_FOUND);
        }
        if (!io.netty.handler.codec.http.HttpUtil.isKeepAlive(request)) {
            response.headers().set(HttpHeaderNames.CONNECTION, io.netty.handler.codec.http.HttpHeaderValues.CLOSE);
        }
        return ctx.writeAndFlush(response);
    }
}
