import * as C from '@stowage/contracts';
import { createZodDto } from 'nestjs-zod';

// Request bodies as Nest DTOs, straight from the contracts: the global ZodValidationPipe validates
// them and Swagger documents them, with no second definition.
export class CreateUploadsDto extends createZodDto(C.CreateUploadsRequestSchema) {}
export class CompleteUploadsDto extends createZodDto(C.CompleteUploadsRequestSchema) {}
export class ClaimUploadsDto extends createZodDto(C.ClaimUploadsRequestSchema) {}
export class RecordUploadPartsDto extends createZodDto(C.RecordUploadPartsRequestSchema) {}
export class CreateUploadBatchDto extends createZodDto(C.CreateUploadBatchRequestSchema) {}
export class SignInDto extends createZodDto(C.SignInRequestSchema) {}
export class UpdateRetentionDto extends createZodDto(C.UpdateRetentionRequestSchema) {}
export class AddMemberDto extends createZodDto(C.AddMemberRequestSchema) {}
export class UpdateMemberDto extends createZodDto(C.UpdateMemberRequestSchema) {}
export class CreateProjectDto extends createZodDto(C.CreateProjectRequestSchema) {}
export class UpdateProjectDto extends createZodDto(C.UpdateProjectRequestSchema) {}
export class UpsertJobDto extends createZodDto(C.UpsertJobRequestSchema) {}
export class CreatePersonalTokenDto extends createZodDto(C.CreatePersonalTokenRequestSchema) {}
export class CreateProjectTokenDto extends createZodDto(C.CreateProjectTokenRequestSchema) {}
export class CreateOrganizationDto extends createZodDto(C.CreateOrganizationRequestSchema) {}
export class PurgeRequestDto extends createZodDto(C.PurgeRequestSchema) {}
export class CreateShareLinkDto extends createZodDto(C.CreateShareLinkRequestSchema) {}
export class SetShareLinksEnabledDto extends createZodDto(C.SetShareLinksEnabledRequestSchema) {}
