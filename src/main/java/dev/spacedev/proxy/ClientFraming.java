package dev.spacedev.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** A micro's response made right for the client that asked: hop-by-hop headers out, framing for its HTTP version. */
final class ClientFraming {
    private ClientFraming() {}

    /**
     * @return whether the client connection stays open after this response (an HTTP/1.0 client
     *     of a body without a length must see the connection close to know the body ended)
     */
    static boolean prepare(HttpResponse response, HttpRequest request, HttpVersion clientVersion, boolean clientKeepAlive) {
        boolean keepAlive = clientKeepAlive;
        boolean hadLength = HttpUtil.isContentLengthSet(response);
        ForwardedHeaders.stripHopByHop(response);
        boolean http10 = clientVersion.equals(HttpVersion.HTTP_1_0);
        if (http10) {
            HttpUtil.setTransferEncodingChunked(response, false); // 1.0 has no chunks: the body ends at close
            if (!hadLength) {
                keepAlive = false;
            }
        } else if (!hadLength && !HttpUtil.isTransferEncodingChunked(response) && mayHaveBody(response, request)) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return keepAlive;
    }

    private static boolean mayHaveBody(HttpResponse response, HttpRequest request) {
        int code = response.status().code();
        return code != 204 && code != 304 && code >= 200 && !request.method().equals(HttpMethod.HEAD);
    }
}
