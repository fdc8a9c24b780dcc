package dev.iotlab.api.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

/** Parses request bodies ourselves so that a bad body gets a helpful message, not a parser's exception text. */
@Singleton
public class JsonBody {
    private final ObjectMapper mapper;

    public JsonBody(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode parse(String body, String example) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("Request body is empty: send a JSON object such as " + example);
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw ApiException.badRequest("Request body is not valid JSON" + where + ": send a JSON object such as "
                    + example);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object such as " + example);
        }
        return (ObjectNode) node;
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
