package dev.spacedev.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacedev.data.base.BaseApi;
import dev.spacedev.data.base.BaseRequestException;
import dev.spacedev.data.drive.DriveApi;
import dev.spacedev.data.drive.UploadedContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data API request: {@code /v1/<projectId>/<base>/...} with {@code X-API-Key} equal to the
 * project's data key, handed to {@link BaseApi}. Runs on its own executor (storage blocks), never
 * on an I/O event loop.
 */
final class DataHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(DataHandler.class);
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");
    private final BaseApi base;
    private final DriveApi drive;
    private final String projectKey;
    private final String projectId;

    DataHandler(BaseApi base, DriveApi drive, String projectKey) {
        this.base = base;
        this.drive = drive;
        this.projectKey = projectKey;
        this.projectId = projectKey.substring(0, projectKey.indexOf('_'));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws java.io.IOException {
        BaseApi.Reply reply = answer(ctx, request);
        if (reply == null) {
            return; // a download, already on its way
        }
        ByteBuf body = Unpooled.copiedBuffer(reply.body().toString(), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()), body);
        reply.detail().ifPresent(d -> response.headers().set(DETAIL_HEADER, d.replaceAll("[\\r\\n]", " ")));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (browserFacing(ctx)) {
            response.headers().set(UploadedContent.NOSNIFF, "nosniff");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    /** What exactly a refused request got wrong, beside the body Deta's cloud gave (the dashboard shows it). */
    static final String DETAIL_HEADER = "x-space-dev-detail";

    private BaseApi.Reply answer(ChannelHandlerContext ctx, FullHttpRequest request) throws java.io.IOException {
        if (!authorised(request.headers().get("x-api-key"))) {
            return BaseApi.errors(401, List.of("Unauthorized"));
        }
        // /v1/<projectId>/<name>/<rest>
        String path = new QueryStringDecoder(request.uri()).rawPath();
        String[] parts = path.split("/", 5);
        if (parts.length < 5 || !parts[1].equals("v1") || parts[3].isEmpty()) {
            return BaseApi.errors(404, List.of("no such endpoint: " + path));
        }
        if (!parts[2].equals(projectId)) {
            return BaseApi.errors(401, List.of("Unauthorized"));
        }
        if (!NAME.matcher(parts[3]).matches() || parts[3].equals(".") || parts[3].equals("..")) {
            return BaseApi.errors(400, List.of("invalid base or drive name \"" + parts[3] + "\""));
        }
        String rest = "/" + parts[4];
        if (rest.startsWith("/files") || rest.startsWith("/uploads")) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            DriveApi.Reply reply = drive.handle(request.method().name(), parts[3], rest, uri.parameters(),
                    ByteBufUtil.getBytes(request.content()), request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE));
            if (reply instanceof DriveApi.Download d) {
                dev.spacedev.net.FileResponse.respond(ctx, request, d.file().content(), d.file().contentType(),
                        browserFacing(ctx) ? UploadedContent.headersFor(d.file().contentType()) : EmptyHttpHeaders.INSTANCE);
                return null;
            }
            DriveApi.Json json = (DriveApi.Json) reply;
            return new BaseApi.Reply(json.status(), json.body());
        }
        try {
            JsonNode body = BaseApi.parseBody(ByteBufUtil.getBytes(request.content()));
            return base.handle(request.method().name(), parts[3], rest, body);
        } catch (BaseRequestException e) {
            return BaseApi.errors(e);
        }
    }

    /** Plain HTTP: the owner's browser through the proxy (the micros' SDKs always speak TLS). */
    private static boolean browserFacing(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null;
    }

    private boolean authorised(String key) {
        return key != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), projectKey.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("data API connection {}: {}", ctx.channel().id(), cause.toString());
        ctx.close();
    }
}
