import { Body, Controller, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UPLOAD_BATCH_PATH, UPLOAD_PART_PATH, routes } from '@stowage/contracts';
import type { Principal } from '@stowage/server-core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ClaimUploadsDto, CompleteUploadsDto, CreateUploadBatchDto, CreateUploadsDto, RecordUploadPartsDto } from '../http/dtos';
import { CurrentPrincipal, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

// Built once: a zod schema costs more to build than to run, and the part PUT is the hottest route.
const ArtifactIdSchema = z.uuid();
const PartNumberSchema = z.coerce.number().int().min(1).max(10_000);
const BatchIdSchema = z.uuid();

@ApiTags('uploads')
@Controller()
export class UploadsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Post(routes.createUploads.path)
  @HttpCode(201)
  @ApiOperation({ summary: 'Declare files to upload; returns where to send each part' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUploadsDto) {
    return this.platform.useCases.createUploads(principal, body);
  }

  /** A part's bytes, streamed to storage (filesystem driver); the URL's signature is the credential. */
  @Put(UPLOAD_PART_PATH)
  @ApiOperation({ summary: 'Upload one part to a signed target (filesystem storage)' })
  async writePart(
    @Param('artifactId') artifactId: string,
    @Param('partNumber') partNumber: string,
    @Query() query: Record<string, string>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const id = parseWith(ArtifactIdSchema, artifactId, 'artifactId');
    const part = parseWith(PartNumberSchema, partNumber, 'partNumber');
    const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
    const { etag } = await this.platform.useCases.receiveUploadPart({ artifactId: id, partNumber: part, query, declaredLength: declared, body: request });
    response.setHeader('etag', `"${etag}"`);
    return { etag };
  }

  @Post(routes.claimUploads.path)
  @HttpCode(200)
  @ApiOperation({ summary: 'Name the SHA-256 of uploads declared without one: bytes the project already holds need not be sent' })
  claim(@CurrentPrincipal() principal: Principal, @Body() body: ClaimUploadsDto) {
    return this.platform.useCases.claimUploads(principal, body);
  }

  /** Parts the agent sent straight to the store (S3), for the ledger a re-run resumes from. */
  @Post(routes.recordUploadParts.path)
  @HttpCode(204)
  @ApiOperation({ summary: 'Report parts sent straight to the store, so a re-run can resume after them' })
  async recordParts(@CurrentPrincipal() principal: Principal, @Body() body: RecordUploadPartsDto): Promise<void> {
    await this.platform.useCases.recordUploadParts(principal, body);
  }

  @Post(routes.completeUploads.path)
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete uploads with their parts\' ETags; finalization follows in the worker' })
  complete(@CurrentPrincipal() principal: Principal, @Body() body: CompleteUploadsDto) {
    return this.platform.useCases.completeUploads(principal, body);
  }

  @Post(routes.createUploadBatch.path)
  @HttpCode(201)
  @ApiOperation({ summary: 'Declare small files sent together as one tar stream; returns where to PUT it' })
  createBatch(@CurrentPrincipal() principal: Principal, @Body() body: CreateUploadBatchDto) {
    return this.platform.useCases.createUploadBatch(principal, body);
  }

  /** A batch's tar stream, checked and stored entry by entry as it arrives; the URL's signature is the credential. */
  @Put(UPLOAD_BATCH_PATH)
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a declared batch as one tar stream to its signed URL; answers per file' })
  receiveBatch(@Param('batchId') batchId: string, @Query() query: Record<string, string>, @Req() request: Request) {
    const id = parseWith(BatchIdSchema, batchId, 'batchId');
    return this.platform.useCases.receiveUploadBatch({ batchId: id, query, body: request });
  }
}
