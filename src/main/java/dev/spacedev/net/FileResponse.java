package dev.spacedev.net;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Date;

/**
 * Writes a file as an HTTP response, for the proxy's static micros and Drive's downloads alike:
 * content type, ETag and Last-Modified with 304s, single byte ranges with 206/416, HEAD without a
 * body. A file's body goes as a FileRegion (zero copy), or in chunks where TLS must see the bytes;
 * other content (Drive's in PostgreSQL) as a stream of chunks, read as the client takes them.
 */
public final class FileResponse {
    private static final int CHUNK = 64 * 1024;

    private FileResponse() {}

    /** Writes the whole response; the returned future completes when its last part is written. */
    public static ChannelFuture respond(ChannelHandlerContext ctx, HttpRequest request, Path file) throws IOException {
        return respond(ctx, request, file, MimeTypes.of(file.getFileName().toString()));
    }

    /** The same, with a content type known otherwise (Drive keeps the one a file was uploaded with). */
    public static ChannelFuture respond(ChannelHandlerContext ctx, HttpRequest request, Path file, String contentType) throws IOException {
        return respond(ctx, request, file, contentType, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    }

    /** The same, with {@code extra} headers on the file's response (200 or 206). */
    public static ChannelFuture respond(ChannelHandlerContext ctx, HttpRequest request, Path file, String contentType, HttpHeaders extra)
            throws IOException {
        return respond(ctx, request, Content.of(file), contentType, extra);
    }

    /** The same for any {@link Content}: a file goes zero-copy, other content as a stream of chunks. */
    public static ChannelFuture respond(ChannelHandlerContext ctx, HttpRequest request, Content content, String contentType,
            HttpHeaders extra) throws IOException {
        long size = content.size();
        long modifiedSeconds = content.modifiedSeconds();
        String etag = "W/\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedSeconds) + "\"";
        HttpHeaders in = request.headers();

        if (notModified(in, etag, modifiedSeconds)) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            validators(r.headers(), etag, modifiedSeconds);
            return ctx.writeAndFlush(r);
        }

        long start = 0;
        long length = size;
        HttpResponseStatus status = HttpResponseStatus.OK;
        String range = in.get(HttpHeaderNames.RANGE);
        String ifRange = in.get(HttpHeaderNames.IF_RANGE);
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            long[] r = ByteRange.parse(range, size);
            if (r == ByteRange.UNSATISFIABLE) {
                FullHttpResponse error = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
                error.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                error.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
                return ctx.writeAndFlush(error);
            }
            if (r != null) {
                start = r[0];
                length = r[1] - r[0] + 1;
                status = HttpResponseStatus.PARTIAL_CONTENT;
            }
        }

        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders out = response.headers();
        out.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        out.add(extra);
        out.set(HttpHeaderNames.CONTENT_LENGTH, length);
        out.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        validators(out, etag, modifiedSeconds);
        if (status == HttpResponseStatus.PARTIAL_CONTENT) {
            out.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + (start + length - 1) + "/" + size);
        }
        if (request.method().equals(HttpMethod.HEAD) || length == 0) {
            ctx.write(response);
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        if (content.file().isEmpty()) {
            InputStream stream = content.open(start);
            ctx.write(response);
            return ctx.writeAndFlush(new HttpChunkedInput(new ChunkedStream(new BoundedInputStream(stream, length), CHUNK)));
        }
        FileChannel channel = FileChannel.open(content.file().get(), StandardOpenOption.READ);
        ctx.write(response);
        if (ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null) {
            // TLS must see the bytes, so no zero-copy here: chunks (the pipeline has a ChunkedWriteHandler)
            return ctx.writeAndFlush(new HttpChunkedInput(new ChunkedNioFile(channel, start, length, CHUNK)));
        }
        ctx.write(new DefaultFileRegion(channel, start, length));
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private static boolean notModified(HttpHeaders in, String etag, long modifiedSeconds) {
        String ifNoneMatch = in.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || ("W/" + t).equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String since = in.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (since != null) {
            Date date = DateFormatter.parseHttpDate(since);
            return date != null && modifiedSeconds <= date.getTime() / 1000;
        }
        return false;
    }

    private static void validators(HttpHeaders out, String etag, long modifiedSeconds) {
        out.set(HttpHeaderNames.ETAG, etag);
        out.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(modifiedSeconds * 1000)));
        // a dev server: always revalidate, so an edited file shows on the next load
        out.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    }
}
