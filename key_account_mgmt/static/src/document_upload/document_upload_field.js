/** @odoo-module **/
/*
 * Files of a line of the application's document checklist (key.account.application.document),
 * uploaded right on the checklist card or row: "Upload" picks a file (PDF or image), "Camera"
 * takes a photo on a phone. Files are uploaded to the line itself; there is no picker of
 * existing attachments. A tap on the buttons does not open the card.
 */

import { evaluateBooleanExpr } from "@web/core/py_js/py";
import { registry } from "@web/core/registry";
import { FileInput } from "@web/core/file_input/file_input";
import {
    Many2ManyBinaryField,
    many2ManyBinaryField,
} from "@web/views/fields/many2many_binary/many2many_binary_field";

export const DOCUMENT_ACCEPT = "image/*,application/pdf";

/** A file input that opens the camera of a phone (the browser's file picker elsewhere). */
export class CameraFileInput extends FileInput {
    static template = "key_account_mgmt.CameraFileInput";
}

export class DocumentUploadField extends Many2ManyBinaryField {
    static template = "key_account_mgmt.DocumentUploadField";
    static components = { FileInput, CameraFileInput };
    static props = {
        ...Many2ManyBinaryField.props,
        readonlyExpr: { type: String, optional: true },
    };

    /**
     * Whether files can be added or removed. Odoo renders the fields of an x2many kanban
     * card read-only (its record is the one the card's dialog edits); the card's upload
     * follows the field's own ``readonly`` expression instead, e.g. "parent.state != 'draft'".
     */
    get canEdit() {
        const { record, name, readonlyExpr } = this.props;
        if (record.fields[name].readonly) {
            return false;
        }
        if (readonlyExpr === undefined) {
            return !this.props.readonly;
        }
        return !evaluateBooleanExpr(readonlyExpr, record.evalContextWithVirtualIds);
    }

    get accept() {
        return this.props.acceptedFileExtensions || DOCUMENT_ACCEPT;
    }
}

export const documentUploadField = {
    ...many2ManyBinaryField,
    component: DocumentUploadField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...many2ManyBinaryField.extractProps(fieldInfo, dynamicInfo),
        readonlyExpr: fieldInfo.readonly,
    }),
};

registry.category("fields").add("kam_document_upload", documentUploadField);
